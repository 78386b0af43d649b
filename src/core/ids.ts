import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Marathon path ids: absolute, slash-separated segments; each segment is dot-separated
 * labels of lowercase letters, digits and dashes that start and end with a letter or digit
 * (Marathon's PathId pattern).
 */
const LABEL = '([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])';
const SEGMENT = new RegExp(`^(${LABEL}\\.)*${LABEL}$`);

/**
 * The longest task id an agent takes: task ids name sandbox directories, and the agent
 * refuses longer ones. A task id is the app id without its leading "/", a "." and a
 * 36-character UUID, which bounds the app id (MAX_APP_ID_LENGTH, leading "/" included).
 */
export const MAX_TASK_ID_LENGTH = 200;
export const MAX_APP_ID_LENGTH = MAX_TASK_ID_LENGTH - 37 + 1;

/** Makes an app id absolute ("web" → "/web"); does not validate it. */
export function normalizeAppId(id: string): string {
  const trimmed = id.trim().replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Marathon refuses these as the last segment of a path id: they are sub-resources of /v2/apps/{id}. */
const RESERVED_PATH_KEYWORDS = ['restart', 'tasks', 'versions', '.', '..'];
const RESERVED_KEYWORDS_MESSAGE = `must not end with any of the following reserved keywords: ${RESERVED_PATH_KEYWORDS.join(', ')}`;

const invalidCharacters = (id: string) =>
  `path contains invalid characters (allowed: lowercase letters, digits, hyphens, "." and "/"; each segment starts and ends with a letter or digit): "${id}"`;

/** Returns the problems with an app id, empty when it is valid (an app id has no "." or ".." segments). */
export function appIdProblems(id: string): string[] {
  const segments = normalizeAppId(id).split('/').slice(1);
  if (segments.length === 0 || segments.every((s) => s === '')) return ['must not be empty'];
  if (normalizeAppId(id).length > MAX_APP_ID_LENGTH) {
    return [`must be at most ${MAX_APP_ID_LENGTH} characters long (task ids made from it name sandbox directories), got ${normalizeAppId(id).length}`];
  }
  if (segments.some((s) => !SEGMENT.test(s))) return [invalidCharacters(id)];
  if (RESERVED_PATH_KEYWORDS.includes(segments[segments.length - 1])) return [RESERVED_KEYWORDS_MESSAGE];
  return [];
}

/**
 * Path ids that refer to an app or group (dependencies): absolute, or relative with "."
 * and ".." segments, resolved by canonicalPathId (Marathon's PathId validator).
 */
export function pathIdProblems(id: string): string[] {
  const segments = pathSegments(id);
  if (segments.some((s) => !SEGMENT.test(s) && s !== '.' && s !== '..')) return [invalidCharacters(id)];
  if (id.startsWith('/') && segments.some((s) => s === '.' || s === '..')) {
    return [`an absolute path must not contain "." or ".." segments: "${id}"`];
  }
  if (segments.length > 0 && RESERVED_PATH_KEYWORDS.includes(segments[segments.length - 1])) return [RESERVED_KEYWORDS_MESSAGE];
  return [];
}

/** The segments of a path id, as Marathon parses it: empty segments (from "//" or a trailing "/") dropped. */
function pathSegments(id: string): string[] {
  return id.split('/').filter((s) => s !== '');
}

/**
 * Marathon's PathId.canonicalPath: an absolute id as it is; a relative one appended to
 * `base`; then "." dropped and ".." taking one segment off (never above the root).
 * canonicalPathId('../db', '/prod/web-group') is '/prod/db'.
 */
export function canonicalPathId(id: string, base = '/'): string {
  const joined = id.startsWith('/') ? pathSegments(id) : [...pathSegments(base), ...pathSegments(id)];
  const result: string[] = [];
  for (const s of joined) {
    if (s === '..') result.pop();
    else if (s !== '.') result.push(s);
  }
  return `/${result.join('/')}`;
}

/** The group an absolute id is in: parentPathId('/prod/web') is '/prod'; the root's parent is the root. */
export function parentPathId(id: string): string {
  const segments = pathSegments(id);
  return `/${segments.slice(0, -1).join('/')}`;
}

/** Task ids as Marathon makes them: the app path with "/" → "_", then "." and a UUID. */
export function newTaskId(appId: string): string {
  return `${normalizeAppId(appId).slice(1).replace(/\//g, '_')}.${randomUUID()}`;
}

export function newAgentId(): string {
  return `${randomUUID()}-S0`;
}

export function newFrameworkId(): string {
  return `${randomUUID()}-0000`;
}

export function newOfferId(seq: number): string {
  return `O${seq}`;
}

/** A short id that ties an error answer to its line in a daemon's log. */
export function newErrorId(): string {
  return randomBytes(6).toString('hex');
}
