import { DcosError, ErrorCodes, type ErrorCode, type ValidationDetail } from '../core/errors.js';

/**
 * Exit codes of every `dcos` command, a contract for scripts:
 *
 *   0  success
 *   1  the operation failed: not found, conflict, unreachable, server error, a cluster
 *      that would not start
 *   2  the command line or its input is wrong: unknown flag, missing argument,
 *      unreadable/invalid JSON, a definition the server rejected (400, 422)
 *   3  no usable cluster: none attached, or its credential was refused (401/403)
 *
 * dcos-cli exits 1 for everything; splitting usage (2, as oclif, POSIX utilities and
 * shells do) and "not configured" (3) lets a script tell "fix your input" from "retry".
 */
export const ExitCodes = { OK: 0, FAILED: 1, USAGE: 2, NO_CLUSTER: 3 } as const;

/** The error as `--json` prints it: `{"error": {...}}`. */
export interface ErrorJson {
  error: { code: ErrorCode; message: string; details?: ValidationDetail[]; deployments?: Array<{ id: string }> };
}

export interface NormalizedError {
  code: ErrorCode;
  message: string;
  details?: ValidationDetail[];
  /** A 409's locking deployments (Marathon names them in its body). */
  deployments?: Array<{ id: string }>;
  exitCode: number;
}

export interface RenderedError {
  exitCode: number;
  /** Text for stdout (the JSON object with --json), '' otherwise. */
  stdout: string;
  /** Text for stderr, '' with --json. */
  stderr: string;
}

function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCodes.BAD_REQUEST:
    case ErrorCodes.INVALID_DEFINITION:
      return ExitCodes.USAGE;
    case ErrorCodes.NO_CLUSTER:
    case ErrorCodes.UNAUTHORIZED:
      return ExitCodes.NO_CLUSTER;
    default:
      return ExitCodes.FAILED;
  }
}

/** oclif's parse errors (missing arg, unknown flag, bad option) carry `parse` and `oclif.exit`. */
function isOclifParseError(err: unknown): err is Error & { oclif: { exit?: number } } {
  return err instanceof Error && 'parse' in err && typeof (err as { oclif?: unknown }).oclif === 'object';
}

/** oclif writes usage errors over several lines; make them one, pointing at --help. */
function oneLineUsage(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^see more help with/i.test(l));
  return `${lines.join(' ').replace(/\s+/g, ' ').replace(/:\s*$/, '')} (see --help)`;
}

/**
 * A DcosError, recognised by shape as well as by class: a second copy of core/errors
 * (a plugin, or a module loaded both as CJS and ESM under a test loader) makes
 * `instanceof` fail for a genuine one.
 */
export function isDcosError(err: unknown, code?: ErrorCode): err is DcosError {
  if (!(err instanceof Error)) return false;
  const c = (err as { code?: unknown }).code;
  const shaped = err instanceof DcosError || (err.name === 'DcosError' && typeof c === 'string' && c.startsWith('DCOS_ERR_'));
  return shaped && (code === undefined || c === code);
}

/** The `deployments` a conflict carries, when they are well-formed. */
function lockingDeployments(err: DcosError): Array<{ id: string }> | undefined {
  const list = err.extra?.deployments;
  if (!Array.isArray(list)) return undefined;
  const ids = list.filter((d): d is { id: string } => typeof (d as { id?: unknown })?.id === 'string').map((d) => ({ id: d.id }));
  return ids.length > 0 ? ids : undefined;
}

export function normalizeError(err: unknown): NormalizedError {
  if (isDcosError(err)) {
    const deployments = lockingDeployments(err);
    return {
      code: err.code,
      message: err.message,
      ...(err.details && err.details.length > 0 ? { details: err.details } : {}),
      ...(deployments ? { deployments } : {}),
      exitCode: exitCodeFor(err.code),
    };
  }
  if (isOclifParseError(err)) {
    return { code: ErrorCodes.BAD_REQUEST, message: oneLineUsage(err.message), exitCode: ExitCodes.USAGE };
  }
  if (err instanceof Error) {
    const oclifExit = (err as { oclif?: { exit?: number } }).oclif?.exit;
    return {
      code: ErrorCodes.INTERNAL,
      message: err.message || err.name,
      exitCode: typeof oclifExit === 'number' && oclifExit > 0 ? oclifExit : ExitCodes.FAILED,
    };
  }
  return { code: ErrorCodes.INTERNAL, message: String(err), exitCode: ExitCodes.FAILED };
}

/**
 * Human form: `Error: <message>` on one line; a message's further lines (a log tail),
 * each validation detail (`  <path>: <errors>`) and each locking deployment of a
 * conflict (`  locked by deployment <id>`) follow, indented. With `json`, the
 * error object on stdout as a single line (so it is also a valid NDJSON event).
 */
export function renderError(err: unknown, opts: { json: boolean; debug?: boolean }): RenderedError {
  const n = normalizeError(err);
  if (opts.json) {
    const body: ErrorJson = { error: { code: n.code, message: n.message, ...(n.details ? { details: n.details } : {}), ...(n.deployments ? { deployments: n.deployments } : {}) } };
    return { exitCode: n.exitCode, stdout: `${JSON.stringify(body)}\n`, stderr: '' };
  }
  const [first, ...rest] = n.message.split('\n');
  const lines = [`Error: ${first}`, ...rest.map((l) => `  ${l}`)];
  for (const d of n.details ?? []) {
    const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column}  ` : '';
    lines.push(`  ${where}${d.path}: ${d.errors.join('; ')}${d.hint ? `  (hint: ${d.hint})` : ''}`);
  }
  for (const d of n.deployments ?? []) lines.push(`  locked by deployment ${d.id}`);
  if (opts.debug && err instanceof Error && err.stack) {
    lines.push(err.stack);
    if (err.cause instanceof Error && err.cause.stack) lines.push(`Caused by: ${err.cause.stack}`);
  }
  return { exitCode: n.exitCode, stdout: '', stderr: `${lines.join('\n')}\n` };
}

/** A usage error raised by a command itself (bad argument value, unreadable input). */
export function usageError(message: string, cause?: unknown): DcosError {
  return new DcosError(ErrorCodes.BAD_REQUEST, message, { cause });
}

/**
 * Refuses flags that mean nothing in this use of a command (`--dry-run` with
 * `cluster up --local`), so none is accepted and silently ignored. `flags` holds
 * what oclif parsed; a flag counts as given unless undefined or false.
 */
export function refuseFlags(flags: Record<string, unknown>, names: string[], where: string): void {
  const given = names.filter((n) => flags[n] !== undefined && flags[n] !== false);
  if (given.length > 0) throw usageError(`${given.map((n) => `--${n}`).join(', ')} ${given.length === 1 ? 'applies' : 'apply'} only ${where}`);
}
