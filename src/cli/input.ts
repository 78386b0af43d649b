import { readFile } from 'node:fs/promises';
import { usageError } from './errors.js';
import { findJsonSyntaxError } from '../core/json-syntax.js';

/**
 * What commands read besides their flags: a JSON document from a file or stdin (`app add`,
 * `group add`), or dcos-core-cli's `key=value` properties (`app update`, `group update`).
 * Every problem is a usage error (exit 2) that names the source and what is wrong.
 */

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The JSON document in FILE, or on stdin when FILE is `-` or absent. `what` names the
 * document in messages ("app definition"), `ways` how to give one. A terminal on stdin
 * is refused: nobody types JSON into a prompt that shows none.
 */
export async function readJson(file: string | undefined, what: string, ways = 'a FILE argument, or JSON on stdin'): Promise<unknown> {
  const fromStdin = file === undefined || file === '-';
  if (fromStdin && process.stdin.isTTY) throw usageError(`no ${what} given: pass ${ways}`);
  let text: string;
  try {
    text = fromStdin ? await readStdin() : await readFile(file, 'utf8');
  } catch (err) {
    throw usageError(`cannot read the ${what} from ${file}: ${(err as Error).message}`, err);
  }
  const source = fromStdin ? 'stdin' : file;
  if (text.trim() === '') throw usageError(`the ${what} on ${source} is empty`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw usageError(`the ${what} on ${source} is not valid JSON: ${(err as Error).message}`, err);
  }
}

/** One pair of quotes around the whole value (single or double) is not part of it, as in dcos-core-cli. */
function unquote(text: string): string {
  if (text.length > 1 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0]) return text.slice(1, -1);
  return text;
}

/**
 * dcos-core-cli's `key=value` properties as one JSON object: the key is what precedes
 * the first `=`; the value is parsed as JSON when it parses (`instances=3`, `env={"A":"b"}`,
 * `healthChecks=[]`, `user=null`) and is taken as a string otherwise (`cmd=sleep 10`).
 * Quotes around the whole key or value are dropped first, so `cmd="sleep 10"` also
 * works where no shell removed them. A key given twice is refused.
 */
export function parseProperties(properties: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const property of properties) {
    const at = property.indexOf('=');
    const key = at > 0 ? unquote(property.slice(0, at)) : '';
    if (key === '') throw usageError(`${JSON.stringify(property)} is not a property: give key=value, e.g. instances=3`);
    if (Object.hasOwn(out, key)) throw usageError(`property ${key} is given more than once`);
    const raw = unquote(property.slice(at + 1));
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // not JSON: the text itself
    }
    out[key] = value;
  }
  return out;
}

/** The change of an `update` command: its properties, or JSON on stdin when none is given. */
export function readChange(properties: string[], what: string): Promise<unknown> {
  if (properties.length > 0) return Promise.resolve(parseProperties(properties));
  return readJson(undefined, what, 'key=value properties, or JSON on stdin');
}

/** Where JSON.parse stopped, 1-based, and why (V8's reason without its own position or excerpt). */
export interface JsonSyntaxProblem {
  line: number;
  column: number;
  reason: string;
}

/** Where JSON.parse stopped and why: V8's reason, at the place core/json-syntax.ts finds (V8 often names none). */
export function jsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const at = findJsonSyntaxError(text);
    const reason = (err as Error).message.replace(/ (in JSON )?at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    return { line: at?.line ?? 1, column: at?.column ?? 1, reason };
  }
}

/**
 * A JSON object from FILE: `what` names it in messages ("options file"), `example` shows
 * one. Problems name the file, and for bad JSON the line and column.
 */
export async function readJsonObjectFile(file: string, what: string, example: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a directory' : e.message;
    throw usageError(`cannot read the ${what} ${file}: ${why}`, err);
  }
  if (text.trim() === '') throw usageError(`the ${what} ${file} is empty: it must hold a JSON object, e.g. ${example}`);
  const problem = jsonSyntaxProblem(text);
  if (problem) throw usageError(`the ${what} ${file} is not valid JSON: line ${problem.line}, column ${problem.column}: ${problem.reason}`);
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw usageError(`the ${what} ${file} must hold a JSON object (e.g. ${example}), got ${got}`);
  }
  return value as Record<string, unknown>;
}

/** A package's install options (`--options FILE`): a JSON object, sent to the package service exactly as read. */
export function readOptionsFile(file: string): Promise<Record<string, unknown>> {
  return readJsonObjectFile(file, 'options file', '{"service": {"name": "x"}}');
}
