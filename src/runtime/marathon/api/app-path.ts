/**
 * Reads /v2/apps/<rest> as Marathon does, by whole path segments: the longest prefix of
 * segments that names an existing app is the app id, and what follows must be one of the
 * app's sub-resources. So an app may be called /shop/tasks-db and `.../tasks` is never
 * taken as part of an app id. When no app matches, the sub-resource is read off the end
 * (the route then answers that the app does not exist).
 */
export type AppSubresource =
  | { kind: 'app' }
  | { kind: 'tasks' }
  | { kind: 'task'; taskId: string }
  | { kind: 'versions' }
  | { kind: 'version'; version: string }
  | { kind: 'restart' }
  /** /v2/apps/<group>/* : the apps of a group (Marathon's group listing of GET /v2/apps/{id}). */
  | { kind: 'group-apps' };

export interface AppPath {
  appId: string;
  sub: AppSubresource;
}

export function parseAppPath(rest: string, exists: (appId: string) => boolean): AppPath {
  const segs = rest.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  if (segs[segs.length - 1] === '*') return { appId: toId(segs.slice(0, -1)), sub: { kind: 'group-apps' } };
  for (let k = segs.length; k >= 1; k--) {
    const id = toId(segs.slice(0, k));
    if (!exists(id)) continue;
    const sub = subresource(segs.slice(k));
    if (sub) return { appId: id, sub };
  }
  for (let k = segs.length; k >= 1; k--) {
    const sub = subresource(segs.slice(k));
    if (sub && sub.kind !== 'app') return { appId: toId(segs.slice(0, k)), sub };
  }
  return { appId: toId(segs), sub: { kind: 'app' } };
}

function subresource(rest: string[]): AppSubresource | undefined {
  if (rest.length === 0) return { kind: 'app' };
  if (rest.length === 1 && rest[0] === 'tasks') return { kind: 'tasks' };
  if (rest.length === 2 && rest[0] === 'tasks') return { kind: 'task', taskId: rest[1] };
  if (rest.length === 1 && rest[0] === 'versions') return { kind: 'versions' };
  if (rest.length === 2 && rest[0] === 'versions') return { kind: 'version', version: rest[1] };
  if (rest.length === 1 && rest[0] === 'restart') return { kind: 'restart' };
  return undefined;
}

function toId(segs: string[]): string {
  return `/${segs.join('/')}`;
}
