import { DcosError, ErrorCodes } from '../../../core/errors.js';

export type Query = Record<string, string | string[] | undefined>;

/**
 * A boolean query parameter as Marathon reads it: "true" and "false" in any case; absent
 * gives the endpoint's default. Anything else is refused by name (Marathon would read
 * `force=1` as false without a word, which turns a typo into the opposite of what was meant).
 */
export function boolParam(query: Query, name: string, defaultValue: boolean): boolean {
  const raw = query[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined) return defaultValue;
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new DcosError(ErrorCodes.BAD_REQUEST, `Query parameter ${name} must be true or false, got "${value}"`);
}

/**
 * Refuses query parameters the endpoint does not take, by name: `?forse=true` is a typo,
 * not a request to ignore. `x[]` counts as `x` (a repeatable parameter).
 */
export function onlyParams(query: Query, allowed: readonly string[]): void {
  const unknown = Object.keys(query ?? {}).filter((k) => !allowed.includes(k.replace(/\[\]$/, '')));
  if (unknown.length === 0) return;
  const takes = allowed.length === 0 ? 'takes no query parameters' : `takes only ${allowed.join(', ')}`;
  throw new DcosError(ErrorCodes.BAD_REQUEST, `Unknown query parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: this endpoint ${takes}`);
}

/** A repeatable parameter (`embed=a&embed=b`, also `embed[]=`) as a list. */
export function listParam(query: Query, name: string): string[] {
  return [...([] as string[]).concat(query[name] ?? []), ...([] as string[]).concat(query[`${name}[]`] ?? [])];
}

export function stringParam(query: Query, name: string): string | undefined {
  const raw = query[name];
  return Array.isArray(raw) ? raw[raw.length - 1] : raw;
}

/** What GET /v2/apps and /v2/groups embed in each app (Marathon's AppInfo.Embed). */
export interface AppEmbeds {
  tasks: boolean;
  counts: boolean;
  deployments: boolean;
  lastTaskFailure: boolean;
  readiness: boolean;
  taskStats: boolean;
}

/**
 * Marathon's embed names with any of the prefixes apps., app. or group.apps. (or none),
 * added to the endpoint's defaults; `tasks` implies deployments and `failures` is
 * tasks + lastTaskFailure + deployments (InfoEmbedResolver). Unknown names are refused.
 */
export function appEmbeds(values: string[], defaults: Partial<AppEmbeds>): AppEmbeds {
  const e: AppEmbeds = { tasks: false, counts: false, deployments: false, lastTaskFailure: false, readiness: false, taskStats: false, ...defaults };
  for (const value of values) {
    const name = value.replace(/^(group\.apps\.|apps\.|app\.)/, '');
    switch (name) {
      case 'tasks': e.tasks = true; e.deployments = true; break;
      case 'failures': e.tasks = true; e.lastTaskFailure = true; e.deployments = true; break;
      case 'counts': case 'count': e.counts = true; break;
      case 'deployments': e.deployments = true; break;
      case 'lastTaskFailure': e.lastTaskFailure = true; break;
      case 'readiness': e.readiness = true; break;
      case 'taskStats': e.taskStats = true; break;
      default:
        throw new DcosError(ErrorCodes.BAD_REQUEST, `Unknown embed "${value}": use apps.tasks, apps.counts, apps.deployments, apps.lastTaskFailure, apps.readiness or apps.taskStats`);
    }
  }
  return e;
}
