import type { AppDefinition, VersionInfo } from '../../../core/marathon/app-definition.js';

/** An app as the scheduler keeps it: the normalized definition plus its version markers. Immutable. */
export type StoredApp = Readonly<AppDefinition & {
  /** ISO timestamp of this version of the app. */
  version: string;
  /**
   * lastConfigChangeAt names the configuration the app's tasks must run: a task launched
   * with another one is replaced by a restart. Scaling changes only lastScalingAt.
   */
  versionInfo: VersionInfo;
}>;

/**
 * Fields whose change only scales an app; any other change is a new configuration whose
 * tasks replace the old ones (Marathon's isOnlyScaleChange).
 */
export const SCALING_FIELDS: ReadonlySet<string> = new Set(['instances']);

/** True when `next` differs from `prev` in more than its instance count. */
export function isConfigChange(prev: AppDefinition, next: AppDefinition): boolean {
  const strip = (a: AppDefinition) => {
    const copy: Record<string, unknown> = { ...a };
    for (const k of SCALING_FIELDS) delete copy[k];
    delete copy.version;
    delete copy.versionInfo;
    return copy;
  };
  return stableJson(strip(prev)) !== stableJson(strip(next));
}

/** JSON with object keys sorted, so two equal definitions compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v);
}
