import { at, type RuleContext } from './rule-context.js';
import { arrayOf, bool, closedObject } from './schema-parts.js';

/** stringTypes.raml Uri and Path: 1 to 1024 characters. */
const uri = { type: 'string', minLength: 1, maxLength: 1024 };

/** artifact.raml Artifact; legacy `uris`. */
export const FETCH_SCHEMA = {
  fetch: arrayOf(closedObject({ uri, extract: bool, executable: bool, cache: bool, destPath: uri }, ['uri'])),
  uris: arrayOf(uri),
};

/**
 * What the Mesos fetcher takes (fetcher.md): its own HTTP(S) and FTP(S) clients, local
 * files, and the Hadoop client's schemes. A URI without a scheme is a path on the agent.
 */
export const FETCHER_SCHEMES = ['http', 'https', 'ftp', 'ftps', 'file', 'hdfs', 'hftp', 's3', 's3a', 's3n'];

/** Problems with a URI for the fetcher, empty when it is fine. Marathon: java.net.URI must parse it. */
export function fetchUriProblems(value: string): string[] {
  if (/[\s"<>\\^`{|}]/.test(value)) return ['URI has invalid syntax.'];
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(value)?.[1];
  if (scheme === undefined) {
    return value.startsWith('/') ? [] : [`"${value}" is neither a URI with a scheme nor an absolute path on the agent`];
  }
  if (!FETCHER_SCHEMES.includes(scheme.toLowerCase())) {
    return [`the fetcher does not take "${scheme}" URIs: use ${FETCHER_SCHEMES.join(', ')}, or an absolute path`];
  }
  try {
    new URL(value);
  } catch {
    return ['URI has invalid syntax.'];
  }
  return [];
}

/**
 * AppValidation: every URI valid; `uris` (legacy) and `fetch` not both. destPath names a
 * file in the sandbox, so it is relative and stays inside it.
 */
export function fetchRules({ raw, problems, clean }: RuleContext): void {
  if (clean('/fetch') && raw.fetch) {
    raw.fetch.forEach((a, i) => {
      for (const p of fetchUriProblems(a.uri)) problems.add(at('/fetch', i, 'uri'), p);
      if (a.destPath !== undefined && (a.destPath.startsWith('/') || a.destPath.split('/').includes('..'))) {
        problems.add(at('/fetch', i, 'destPath'), `must be a relative path inside the sandbox, without "..": "${a.destPath}"`);
      }
    });
  }
  if (clean('/uris') && raw.uris) {
    raw.uris.forEach((u, i) => {
      for (const p of fetchUriProblems(u)) problems.add(at('/uris', i), p);
    });
    if (raw.uris.length > 0 && Array.isArray(raw.fetch) && raw.fetch.length > 0) {
      problems.add('/uris', 'may not be set in conjunction with fetch: move the URIs into fetch');
    }
  }
}
