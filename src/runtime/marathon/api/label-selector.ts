import { DcosError, ErrorCodes } from '../../../core/errors.js';

/**
 * Marathon's label selector for GET /v2/apps?label= (apps.raml, LabelSelector.scala):
 * comma-separated selectors that must all hold — `key` (exists), `key==value`,
 * `key!=value`, `key in (a, b)`, `key notin (a, b)`. A backslash escapes the next
 * character, so `tier\ one` is a key with a space.
 */
export type LabelSelector = (labels: Readonly<Record<string, string>>) => boolean;

export function parseLabelSelector(text: string): LabelSelector {
  const parts = splitUnescaped(text, ',').map((p) => p.trim()).filter((p) => p !== '');
  const tests = parts.map(parseOne);
  return (labels) => tests.every((t) => t(labels));
}

function parseOne(part: string): LabelSelector {
  const set = /^(.+?)\s+(in|notin)\s+\((.*)\)$/.exec(part);
  if (set) {
    const key = unescape(set[1].trim());
    const values = new Set(splitUnescaped(set[3], ',').map((v) => unescape(v.trim())));
    return set[2] === 'in' ? (l) => key in l && values.has(l[key]) : (l) => key in l && !values.has(l[key]);
  }
  const eq = indexUnescaped(part, '==');
  if (eq >= 0) {
    const key = unescape(part.slice(0, eq).trim());
    const value = unescape(part.slice(eq + 2).trim());
    return (l) => l[key] === value;
  }
  const ne = indexUnescaped(part, '!=');
  if (ne >= 0) {
    const key = unescape(part.slice(0, ne).trim());
    const value = unescape(part.slice(ne + 2).trim());
    return (l) => key in l && l[key] !== value;
  }
  if (/[()=!]/.test(part.replace(/\\./g, ''))) {
    throw new DcosError(ErrorCodes.BAD_REQUEST, `Invalid label selector "${part}": use key, key==value, key!=value, key in (a,b) or key notin (a,b)`);
  }
  const key = unescape(part);
  return (l) => key in l;
}

function splitUnescaped(text: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) { cur += c + text[++i]; continue; }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === sep && depth === 0) { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  out.push(cur);
  return out;
}

function indexUnescaped(text: string, token: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') { i++; continue; }
    if (text.startsWith(token, i)) return i;
  }
  return -1;
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}
