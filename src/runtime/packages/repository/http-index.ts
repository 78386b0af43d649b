import { readFileSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pipeline, type Readable } from 'node:stream';
import { request } from 'undici';
import { UniverseMediaTypes, type PackageRepository } from '../../../api/cosmos-types.js';
import { repositoryUriConnection, universeClientHttpError, unsupportedContentType } from './repository-errors.js';

export interface HttpIndexOptions {
  /** Sent as User-Agent. Default `dcos-toolkit/<package version>`. (Universe servers pick an index by it; ours names itself.) */
  userAgent?: string;
  /** Time for the headers, and then between body chunks. Default 30 s. */
  timeoutMs?: number;
  /** Largest index accepted, after gunzip. Default 256 MiB (Universe's universe.json is far below). */
  maxBytes?: number;
  /** The whole fetch, redirects and body included (default 120000 ms): a server that trickles bytes is cut off too. */
  deadlineMs?: number;
  /** Redirects followed (http and https only). Default 5. */
  maxRedirects?: number;
}

const TOOLKIT_VERSION: string = (() => {
  try {
    return (JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0-unknown';
  }
})();

/** Cosmos's Accept: the v5, v4 and v3 repository media types, comma-joined as its CompoundMediaType shows them. */
export const INDEX_ACCEPT = [UniverseMediaTypes.v5, UniverseMediaTypes.v4, UniverseMediaTypes.v3].join(',');

/** The content types an index is decoded from: the Universe ones (as Cosmos), and plain `application/json` for an index served as a file. */
export const INDEX_CONTENT_TYPES = [UniverseMediaTypes.v5, UniverseMediaTypes.v4, UniverseMediaTypes.v3, 'application/json'] as const;

/**
 * Whether a Content-Type is one an index is decoded from: type/subtype equal, and every
 * parameter of the expected type present with the same value (Cosmos's
 * MediaType.isCompatibleWith; `charset` and `q` are not compared).
 */
export function isIndexContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const parse = (s: string) => {
    const [essence = '', ...params] = s.split(';').map((p) => p.trim());
    const map = new Map<string, string>();
    for (const p of params) {
      const eq = p.indexOf('=');
      if (eq > 0) map.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
    }
    map.delete('charset');
    map.delete('q');
    return { essence: essence.toLowerCase(), params: map };
  };
  const actual = parse(contentType);
  return INDEX_CONTENT_TYPES.some((t) => {
    const expected = parse(t);
    return expected.essence === actual.essence && [...expected.params].every(([k, v]) => actual.params.get(k) === v);
  });
}

/**
 * GETs an index over http(s) as Cosmos's UniverseClient does (Accept the three repository
 * media types, Accept-Encoding gzip), bounded in time, size and redirects. Answers its text.
 */
/** The largest index read (DC/OS's whole Universe is about 20 MB). */
export const MAX_INDEX_BYTES = 256 * 1024 * 1024;

export async function fetchHttpIndex(repository: PackageRepository, opts: HttpIndexOptions = {}): Promise<string> {
  const timeout = opts.timeoutMs ?? 30_000;
  const maxBytes = opts.maxBytes ?? MAX_INDEX_BYTES;
  const maxRedirects = opts.maxRedirects ?? 5;
  const deadlineMs = opts.deadlineMs ?? 120_000;
  const deadline = AbortSignal.timeout(deadlineMs);
  let url = repository.uri;
  try {
    return await fetchFollowing();
  } catch (e) {
    if (deadline.aborted) throw repositoryUriConnection(repository, `${url}: no whole answer within ${deadlineMs / 1000} s`);
    throw e;
  }

  async function fetchFollowing(): Promise<string> {
  for (let redirects = 0; ; redirects++) {
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(url, {
        method: 'GET',
        headers: { accept: INDEX_ACCEPT, 'accept-encoding': 'gzip', 'user-agent': opts.userAgent ?? `dcos-toolkit/${TOOLKIT_VERSION}` },
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal: deadline,
      });
    } catch (e) {
      throw repositoryUriConnection(repository, describe(e, url));
    }
    const header = (name: string) => {
      const v = res.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    if ([301, 302, 303, 307, 308].includes(res.statusCode)) {
      res.body.resume();
      const location = header('location');
      if (!location) throw repositoryUriConnection(repository, `${url} answered ${res.statusCode} without a Location`);
      if (redirects >= maxRedirects) throw repositoryUriConnection(repository, `more than ${maxRedirects} redirects (the last to ${location})`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw repositoryUriConnection(repository, `${url} answered ${res.statusCode} with a Location that is no URI: ${JSON.stringify(location.slice(0, 200))}`);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw repositoryUriConnection(repository, `${url} redirects to ${next.href}: only http and https redirects are followed`);
      }
      url = next.href;
      continue;
    }
    if (res.statusCode !== 200) {
      res.body.resume();
      throw universeClientHttpError(repository, res.statusCode);
    }
    const contentType = header('content-type');
    if (!isIndexContentType(contentType)) {
      res.body.resume();
      throw unsupportedContentType(INDEX_CONTENT_TYPES, contentType);
    }
    const encoding = header('content-encoding')?.trim().toLowerCase();
    if (encoding && encoding !== 'gzip' && encoding !== 'identity') {
      res.body.resume();
      throw repositoryUriConnection(repository, `unsupported Content-Encoding ${encoding} (gzip is accepted)`);
    }
    try {
      // pipeline, not pipe: an error of the body (a timeout) must end the gunzip stream too.
      return await readBounded(encoding === 'gzip' ? pipeline(res.body, createGunzip(), () => {}) : res.body, maxBytes);
    } catch (e) {
      res.body.destroy();
      throw repositoryUriConnection(repository, describe(e, url));
    }
  }
  }
}

async function readBounded(stream: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      throw new Error(`the index is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describe(e: unknown, url: string): string {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code;
  const message = err.cause?.message ?? err.message ?? String(e);
  return `GET ${url}: ${code ? `${code}: ` : ''}${message}`;
}
