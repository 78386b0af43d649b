import type { ValidationDetail } from '../../errors.js';
import type { RawApp } from '../raw-app.js';

/** Every problem of a definition, grouped by path in the order found (Marathon's 422 `details`). */
export class Problems {
  private readonly byPath = new Map<string, string[]>();

  add(path: string, message: string): void {
    const list = this.byPath.get(path) ?? [];
    if (!list.includes(message)) list.push(message);
    this.byPath.set(path, list);
  }

  list(): ValidationDetail[] {
    return [...this.byPath.entries()].map(([path, errors]) => ({ path, errors }));
  }
}

/**
 * What a rule family (one file of this folder) sees. The schema (app-schema.ts) has
 * already judged shapes, types and ranges; a rule reads a part of `raw` with RawApp's
 * types only when `clean` says the schema found nothing wrong there, so that every
 * problem is reported once and no rule trips over a value of the wrong type.
 */
export interface RuleContext {
  raw: RawApp;
  problems: Problems;
  /** True when each path is absent or sound: the schema reported nothing at it or below it. */
  clean(...paths: string[]): boolean;
}

export type Rule = (ctx: RuleContext) => void;

/**
 * A path below `base` ("" or "/" for the root), as Marathon writes it: keys after "/",
 * array indexes as "(n)". `at('/healthChecks', 0, 'portIndex')` is "/healthChecks(0)/portIndex".
 */
export function at(base: string, ...parts: Array<string | number>): string {
  let path = base === '/' ? '' : base;
  for (const p of parts) path += typeof p === 'number' ? `(${p})` : `/${p}`;
  return path === '' ? '/' : path;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export { canonicalJson } from '../../canonical-json.js';

/** Reports the second and later of equal items at their own path, naming the first. */
export function reportDuplicates<T>(items: T[], key: (item: T, index: number) => string | undefined, report: (index: number, first: number) => void): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item, i);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else report(i, first);
  });
}
