import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { formatPidLine, isProcessAlive, parsePidLine, readProcStat } from '../../core/proc-stat.js';

/**
 * Pidfiles, written so a reader never sees a partial one: the content goes to a
 * temporary file first, which is then linked (exclusive create) or renamed (replace)
 * to the final name. A pidfile holds "PID" or, when the supervisor was asked for it
 * (--pidfile-start-time), "PID STARTTIME" (core/proc-stat.ts): what a reader needs to
 * never signal a process that merely got the same pid later.
 */
export function readPidLine(path: string): { pid: number; startTime?: string } | undefined {
  try {
    return parsePidLine(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

export function readPid(path: string): number | undefined {
  return readPidLine(path)?.pid;
}

const tempFor = (path: string, pid: number): string => `${path}.${process.pid}.${pid}.tmp`;

/** Writes `pid` (and its start time, when `withStartTime`) to `path`, replacing whatever was there. */
export function writePid(path: string, pid: number, withStartTime = false): void {
  const tmp = tempFor(path, pid);
  writeFileSync(tmp, formatPidLine(pid, withStartTime ? startTimeOf(pid) : undefined), { mode: 0o644 });
  renameSync(tmp, path);
}

/** Field 22 of /proc/<pid>/stat; undefined without /proc or once the process is gone. */
function startTimeOf(pid: number): string | undefined {
  return readProcStat(pid)?.startTime;
}

/** Removes `path` if it still names `pid` (never a successor's pidfile). */
export function removePid(path: string, pid: number): void {
  if (readPid(path) !== pid) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** True while the process a pidfile line names runs (not a zombie): same pid and, when recorded, same start time. */
export function isAliveAs(line: { pid: number; startTime?: string }): boolean {
  return isProcessAlive(line.pid, line.startTime);
}

/** The argv of a live process from /proc, undefined where it cannot be read. */
export function commandLine(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.endsWith('\0') ? raw.slice(0, -1).split('\0') : raw.split('\0');
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is a live supervisor of `name`: its argv holds `--name <name>`. Where
 * /proc cannot say (not Linux), a live pid counts, which errs on the side of refusing.
 */
export function isLiveSupervisor(pid: number, name: string): boolean {
  if (pid === process.pid || !isProcessAlive(pid)) return false;
  const argv = commandLine(pid);
  if (argv === undefined) return true;
  return argv.some((a, i) => (a === '--name' && argv[i + 1] === name) || a === `--name=${name}`);
}

export type Claim = { ok: true } | { ok: false; holder: number };

/**
 * Makes `path` name this process, unless it names a live process `isHolder` accepts
 * (then answers that pid). A pidfile left by a process that is gone (or whose pid now
 * belongs to a process with another start time) is replaced. Two supervisors started
 * in the same instant could both replace the same stale file; the provisioner starts
 * one per service at a time, so that race is not guarded.
 */
export function claimPidfile(path: string, isHolder: (pid: number) => boolean, withStartTime = false): Claim {
  const tmp = tempFor(path, process.pid);
  writeFileSync(tmp, formatPidLine(process.pid, withStartTime ? startTimeOf(process.pid) : undefined), { mode: 0o644 });
  try {
    try {
      linkSync(tmp, path);
      return { ok: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readPidLine(path);
    if (holder !== undefined && isAliveAs(holder) && isHolder(holder.pid)) return { ok: false, holder: holder.pid };
    renameSync(tmp, path);
    return { ok: true };
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // renamed into place
    }
  }
}
