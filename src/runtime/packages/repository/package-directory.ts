import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageDefinition } from '../../../api/cosmos-types.js';
import { JsonTextError, parseJsonText } from './json-text.js';

/** A file of a package directory that cannot be read or parsed: names the file and, for JSON, the position. */
export class PackageFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly position?: { position: number; line: number; column: number },
  ) {
    super(`${file}: ${reason}`);
    this.name = 'PackageFileError';
  }
}

/** Whether the path names something (a dangling symlink counts: reading it then fails, naming it). */
function present(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new PackageFileError(file, err.code === 'EISDIR' ? 'is a directory, not a file' : `cannot be read (${err.code ?? err.message})`);
  }
}

/** A JSON object file of a package directory, or undefined when absent. */
export function readPackageJsonFile(file: string): Record<string, unknown> | undefined {
  if (!present(file)) return undefined;
  const text = readBytes(file).toString('utf8');
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (e) {
    if (!(e instanceof JsonTextError)) throw e;
    throw new PackageFileError(file, `is not valid JSON: ${e.message}`, { position: e.position, line: e.line, column: e.column });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PackageFileError(file, 'must hold a JSON object');
  return value as Record<string, unknown>;
}

/** package.json of a revision directory: what a search reads, and nothing else. */
export function readPackageJson(dir: string): Record<string, unknown> {
  const file = join(dir, 'package.json');
  const pkg = readPackageJsonFile(file);
  if (!pkg) throw new PackageFileError(file, 'is missing');
  return pkg;
}

/**
 * One package revision directory (`<name>/<revision>/{package.json, config.json,
 * marathon.json.mustache, resource.json, command.json}`) as the entry gen_universe.py
 * makes of it: package.json verbatim, plus releaseVersion (the directory's number),
 * config, resource, command, and the template as standard base64 of its bytes.
 * A file that is there but cannot be read (a directory, a dangling symlink, bad JSON)
 * is an error naming it, never taken as absent.
 */
export function readPackageDirectory(dir: string, releaseVersion: number): PackageDefinition {
  const pkg = readPackageJson(dir);
  const template = join(dir, 'marathon.json.mustache');
  const config = readPackageJsonFile(join(dir, 'config.json'));
  const resource = readPackageJsonFile(join(dir, 'resource.json'));
  const command = readPackageJsonFile(join(dir, 'command.json'));
  return {
    ...pkg,
    releaseVersion,
    ...(resource ? { resource } : {}),
    ...(present(template) ? { marathon: { v2AppMustacheTemplate: readBytes(template).toString('base64') } } : {}),
    ...(config ? { config } : {}),
    ...(command ? { command } : {}),
  } as PackageDefinition;
}
