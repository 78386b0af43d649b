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

/** Returns the problems with a path id, empty when it is valid. */
export function appIdProblems(id: string): string[] {
  const segments = normalizeAppId(id).split('/').slice(1);
  if (segments.length === 0 || segments.every((s) => s === '')) return ['must not be empty'];
  if (normalizeAppId(id).length > MAX_APP_ID_LENGTH) {
    return [`must be at most ${MAX_APP_ID_LENGTH} characters long (task ids made from it name sandbox directories), got ${normalizeAppId(id).length}`];
  }
  const bad = segments.filter((s) => !SEGMENT.test(s) && s !== '.' && s !== '..');
  if (bad.length > 0 || segments.includes('.') || segments.includes('..')) {
    return [
      `path contains invalid characters (allowed: lowercase letters, digits, hyphens, "." and "/"; each segment starts and ends with a letter or digit): "${id}"`,
    ];
  }
  return [];
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
