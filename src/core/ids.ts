import { randomUUID } from 'node:crypto';

/**
 * Marathon path ids: absolute, slash-separated segments; each segment is dot-separated
 * labels of lowercase letters, digits and dashes that start and end with a letter or digit
 * (Marathon's PathId pattern).
 */
const LABEL = '([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])';
const SEGMENT = new RegExp(`^(${LABEL}\\.)*${LABEL}$`);

/** Makes an app id absolute ("web" → "/web"); does not validate it. */
export function normalizeAppId(id: string): string {
  const trimmed = id.trim().replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Returns the problems with a path id, empty when it is valid. */
export function appIdProblems(id: string): string[] {
  const segments = normalizeAppId(id).split('/').slice(1);
  if (segments.length === 0 || segments.every((s) => s === '')) return ['must not be empty'];
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
