/**
 * A group Marathon keeps explicitly (groups.raml): created by POST /v2/groups or by a
 * group update, with dependencies that every app under it inherits. Groups that only
 * exist because an app's id names them (/prod/shop for /prod/shop/web) have no record;
 * the group tree derives them.
 */
export interface GroupRecord {
  readonly id: string;
  readonly dependencies: string[];
  readonly enforceRole: boolean;
  readonly version: string;
}

/** "/prod/shop/web" → ["/prod", "/prod/shop"]; the root "/" is left out. */
export function ancestorsOf(id: string): string[] {
  const parts = id.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join('/')}`);
}

/** True when `id` is `groupId` or lies under it (whole segments: /prod/web is under /prod, /prod-b is not). */
export function isUnder(id: string, groupId: string): boolean {
  if (groupId === '/' || groupId === '') return true;
  return id === groupId || id.startsWith(`${groupId}/`);
}
