import { cosmosError } from '../cosmos-error.js';

interface MediaType {
  /** type/subtype, lower case */
  base: string;
  version?: string;
}

function parse(text: string): MediaType {
  const [base, ...params] = text.split(';').map((s) => s.trim());
  const version = params.map((p) => p.split('=')).find(([k]) => k.trim().toLowerCase() === 'version')?.[1]?.trim();
  return { base: base.toLowerCase(), ...(version ? { version } : {}) };
}

/**
 * The request's Content-Type must be the route's request type (any version it has, or
 * none) or plain application/json; Cosmos answers anything else 415.
 */
export function checkContentType(header: string | undefined, expected: string): void {
  if (header === undefined || header === '') return;
  const got = parse(header);
  const want = parse(expected);
  if (got.base === 'application/json' || (got.base === want.base && (got.version === undefined || got.version === want.version))) return;
  throw cosmosError('UnsupportedMediaType', `Unsupported Content-Type [${header}]: this route takes ${expected}`, { expected, found: header });
}

/**
 * The response type to answer with, by the Accept header: the first of `offered` (most
 * preferred first) the client accepts; no Accept, `*\/*` or application/json take the
 * first. A client that accepts only versions the route does not have gets 406 naming them.
 */
export function negotiate(accept: string | undefined, offered: readonly string[]): string {
  if (accept === undefined || accept.trim() === '') return offered[0];
  const wanted = accept.split(',').map(parse);
  for (const o of offered) {
    const m = parse(o);
    if (wanted.some((w) => w.base === m.base && (w.version === undefined || w.version === m.version))) return o;
  }
  if (wanted.some((w) => w.base === '*/*' || w.base === 'application/*' || w.base === 'application/json')) return offered[0];
  throw cosmosError('NotAcceptable', `Not acceptable [${accept}]: this route answers ${offered.join(' or ')}`, { accepted: accept, available: [...offered] });
}
