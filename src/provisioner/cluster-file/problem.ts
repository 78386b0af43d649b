/**
 * One thing wrong with a cluster file, before it is placed in the source. The checks
 * (schema, semantics, YAML syntax) say what is wrong and where in the data; yaml-source.ts
 * turns `path` + `at` into a line and column.
 */
export interface Problem {
  /** JSON pointer of the offending value: "/agents/1/port"; "/" for the whole file. */
  path: string;
  /** Completes the path: "must be an integer from 1 to 65535", "is required". */
  message: string;
  hint?: string;
  /**
   * What the location points at:
   *   value   the value at `path` (a collection: its key, which reads better than its first item)
   *   key     the key naming `path` (unknown keys)
   *   parent  the mapping that should hold `path` (missing keys)
   * `offset` places it exactly instead (YAML syntax errors).
   */
  at: 'value' | 'key' | 'parent' | { offset: number };
  /** A missing key: dropped when an unknown key beside it is a misspelling of it. */
  missing?: boolean;
  /** An unknown key: the JSON pointer of the key it is likely a misspelling of. */
  meant?: string;
}

/** Appends a segment to a JSON pointer, escaping as RFC 6901 does. */
export function pointer(base: string, segment: string | number): string {
  const escaped = String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
  return base === '/' || base === '' ? `/${escaped}` : `${base}/${escaped}`;
}

/** The segments of a JSON pointer, unescaped ("/" and "" are the root). */
export function segments(path: string): string[] {
  if (path === '' || path === '/') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function parentPath(path: string): string {
  const parts = path.split('/');
  parts.pop();
  return parts.length <= 1 ? '/' : parts.join('/');
}
