import { canonicalJson } from '../../../core/canonical-json.js';
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
  return canonicalJson(strip(prev)) !== canonicalJson(strip(next));
}

/**
 * An earlier version of an app, brought back under a new version (a rollback): its
 * configuration keeps its lastConfigChangeAt, so the tasks that run it count as current
 * and stay, and only the others are replaced.
 */
export function restoredAs(def: StoredApp, version: string): StoredApp {
  return { ...def, version, versionInfo: { lastScalingAt: version, lastConfigChangeAt: def.versionInfo.lastConfigChangeAt } };
}
