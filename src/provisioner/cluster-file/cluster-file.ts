import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { DcosError, ErrorCodes, type ValidationDetail } from '../../core/errors.js';
import { readKeyFile } from '../ssh/key-file.js';
import type { ClusterSpec } from './cluster-spec.js';
import { compileClusterFile } from './compile.js';
import { keyFileAccessProblems, type LocalKeys } from './key-file-checks.js';
import { nodeProblems } from './node-checks.js';
import { notificationProblems } from './notification-checks.js';
import type { Problem } from './problem.js';
import { schemaProblems } from './schema-problems.js';
import type { RawClusterFile } from './schema.js';
import { settingsProblems } from './settings-checks.js';
import { YamlSource } from './yaml-source.js';

export interface ParseOptions {
  /** What `~` in key files means (default: the current user's home directory). */
  homeDir?: string;
  /**
   * Also check the key files on this machine (key-file-checks.ts). Without it (text
   * alone) no file is read and every node needs a keyFile. loadClusterFile defaults it
   * to this machine's files and $SSH_AUTH_SOCK.
   */
  localKeys?: LocalKeys;
  /** Also read the file notifications.webhookUrlFile names (notification-checks.ts); loadClusterFile defaults it to this machine's files. */
  readLocalFile?: (path: string) => string;
}

/**
 * A cluster file's text, checked and compiled. Throws DcosError INVALID_DEFINITION
 * ("<file>: N problems") whose details are EVERY problem found, sorted by position,
 * each with its JSON pointer, location (file as given, 1-based line and column) and,
 * where a fix is likely, a hint. Pure apart from resolving `file` against the cwd.
 */
export function parseClusterFile(text: string, file: string, opts: ParseOptions = {}): ClusterSpec {
  const source = new YamlSource(text, file);
  const syntax = source.syntaxProblems();
  const read = source.data();
  const data = 'data' in read ? read.data : undefined;
  const homeDir = opts.homeDir ?? homedir();
  const problems = syntax.fatal ? syntax.problems : [...syntax.problems, ...('data' in read ? checkData(data, { file: resolve(file), homeDir, keys: opts.localKeys, read: opts.readLocalFile }) : [read.problem])];
  if (problems.length > 0) {
    const details = toDetails(problems, source);
    throw new DcosError(ErrorCodes.INVALID_DEFINITION, `${file}: ${details.length} problem${details.length === 1 ? '' : 's'}`, { details });
  }
  return compileClusterFile(data as RawClusterFile, {
    file: resolve(file),
    homeDir,
    scalarSource: (path) => source.scalarSource(path),
  });
}

/** Reads and parses a cluster file; an unreadable file is a BAD_REQUEST naming it. */
export async function loadClusterFile(file: string, opts: ParseOptions = {}): Promise<ClusterSpec> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new DcosError(ErrorCodes.BAD_REQUEST, `cannot read cluster file ${file}: ${why}`, { cause: err });
  }
  return parseClusterFile(text, file, {
    localKeys: { agent: Boolean(process.env.SSH_AUTH_SOCK), read: readKeyFile }, readLocalFile: (path) => readFileSync(path, 'utf8'), ...opts,
  });
}

function checkData(data: unknown, ctx: { file: string; homeDir: string; keys?: LocalKeys; read?: (path: string) => string }): Problem[] {
  if (data === null || data === undefined) {
    return [{ path: '/', message: 'is empty', hint: 'start from templates/cluster.example.yaml', at: 'value' }];
  }
  const keys = ctx.keys ? keyFileAccessProblems(data, { ...ctx, keys: ctx.keys }) : [];
  const problems = [
    ...schemaProblems(data), ...nodeProblems(data, { agent: ctx.keys?.agent ?? false }), ...settingsProblems(data), ...keys, ...notificationProblems(data, ctx),
  ];
  // A misspelt key and the missing key it stands for are one mistake: report the misspelling.
  const meant = new Set(problems.map((p) => p.meant).filter((m) => m !== undefined));
  return problems.filter((p) => !(p.missing && meant.has(p.path)));
}

/** Problems at the same place with the same path become one detail; sorted by line, column, path. */
function toDetails(problems: Problem[], source: YamlSource): ValidationDetail[] {
  const byPlace = new Map<string, ValidationDetail>();
  for (const p of problems) {
    const location = source.locate(p);
    const id = `${location.line}:${location.column}:${p.path}`;
    const detail = byPlace.get(id);
    if (!detail) {
      byPlace.set(id, { path: p.path, errors: [p.message], location, ...(p.hint ? { hint: p.hint } : {}) });
      continue;
    }
    if (!detail.errors.includes(p.message)) detail.errors.push(p.message);
    if (p.hint && detail.hint !== p.hint) detail.hint = detail.hint ? `${detail.hint}; ${p.hint}` : p.hint;
  }
  return [...byPlace.values()].sort(
    (a, b) => a.location!.line - b.location!.line || a.location!.column - b.location!.column || a.path.localeCompare(b.path),
  );
}
