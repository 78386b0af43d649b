import { isAbsolute } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * dcos-supervise --name NAME --pidfile FILE --child-pidfile FILE --log FILE
 *   [--min-backoff-ms 200] [--max-backoff-ms 10000] [--stop-grace-ms 10000]
 *   [--pidfile-start-time] [--adopt] -- COMMAND ARG...
 *
 * Everything after `--` is the daemon's command line, passed on untouched. Paths must
 * be absolute: the supervisor outlives the shell that started it.
 *   --pidfile-start-time  both pidfiles hold "PID STARTTIME" (field 22 of /proc/PID/stat)
 *                         instead of "PID", so that whoever stops these processes later
 *                         can tell them from a process that got the same pid since.
 *   --adopt               a daemon still running from an earlier supervisor (the child
 *                         pidfile names it, with the same command line and, when
 *                         recorded, the same start time) is kept and watched instead of
 *                         being stopped and started again.
 */
export interface SupervisorArgs {
  name: string;
  pidfile: string;
  childPidfile: string;
  log: string;
  minBackoffMs: number;
  maxBackoffMs: number;
  stopGraceMs: number;
  pidfileStartTime: boolean;
  adopt: boolean;
  command: string;
  args: string[];
}

export const USAGE = 'usage: dcos-supervise --name NAME --pidfile FILE --child-pidfile FILE --log FILE '
  + '[--min-backoff-ms 200] [--max-backoff-ms 10000] [--stop-grace-ms 10000] [--pidfile-start-time] [--adopt] -- COMMAND [ARG...]';

export class UsageError extends Error {}

/** Exit codes of dcos-supervise besides 0 (stopped by a signal) and 1 (could not start at all). */
export const EXIT_USAGE = 2;
/** A live supervisor of the same name holds the pidfile. */
export const EXIT_ALREADY_RUNNING = 3;

function millis(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive integer (ms), got "${value}"`);
  return n;
}

function path(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`);
  if (!isAbsolute(value)) throw new UsageError(`${flag} must be an absolute path, got "${value}"`);
  return value;
}

export function parseSupervisorArgs(argv: string[]): SupervisorArgs {
  const dashes = argv.indexOf('--');
  if (dashes < 0 || dashes === argv.length - 1) throw new UsageError('the command to supervise is missing (after --)');
  let values;
  try {
    ({ values } = parseArgs({
      args: argv.slice(0, dashes),
      options: {
        name: { type: 'string' },
        pidfile: { type: 'string' },
        'child-pidfile': { type: 'string' },
        log: { type: 'string' },
        'min-backoff-ms': { type: 'string' },
        'max-backoff-ms': { type: 'string' },
        'stop-grace-ms': { type: 'string' },
        'pidfile-start-time': { type: 'boolean' },
        adopt: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (!values.name || !/^[A-Za-z0-9@._-]+$/.test(values.name)) throw new UsageError(`--name must be a service name, got "${values.name ?? ''}"`);
  const minBackoffMs = millis(values['min-backoff-ms'], '--min-backoff-ms', 200);
  const maxBackoffMs = millis(values['max-backoff-ms'], '--max-backoff-ms', 10_000);
  if (maxBackoffMs < minBackoffMs) throw new UsageError(`--max-backoff-ms (${maxBackoffMs}) is below --min-backoff-ms (${minBackoffMs})`);
  return {
    name: values.name,
    pidfile: path(values.pidfile, '--pidfile'),
    childPidfile: path(values['child-pidfile'], '--child-pidfile'),
    log: path(values.log, '--log'),
    minBackoffMs,
    maxBackoffMs,
    stopGraceMs: millis(values['stop-grace-ms'], '--stop-grace-ms', 10_000),
    pidfileStartTime: values['pidfile-start-time'] ?? false,
    adopt: values.adopt ?? false,
    command: argv[dashes + 1],
    args: argv.slice(dashes + 2),
  };
}
