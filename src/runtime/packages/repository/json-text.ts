import { findJsonSyntaxError } from '../../../core/json-syntax.js';

/**
 * JSON.parse with an error that says where: V8's messages give a position for some
 * syntax errors and not for others ("Unexpected token '}', … is not valid JSON",
 * "Unexpected end of JSON input"), so on failure the text is scanned once more
 * (core/json-syntax.ts) to find where it stops being JSON.
 */
export class JsonTextError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} at line ${line} column ${column} (position ${position})`);
    this.name = 'JsonTextError';
  }
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // The scanner's words, not V8's: V8 quotes the text around the error, and a repository's
    // text (any file the master can read) is not echoed back.
    const at = findJsonSyntaxError(text);
    const reason = at ? `${at.expected} got ${at.found}` : (e as Error).name;
    throw new JsonTextError(reason, at?.offset ?? text.length, at?.line ?? 1, at?.column ?? 1);
  }
}
