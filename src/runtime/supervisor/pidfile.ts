import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

/**
 * Pidfiles, written so a reader never sees a partial one: the content goes to a
 * temporary file first, which is then linked (exclusive create) or renamed (replace)
 * to the final name.
 */
export function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

const tempFor = (path: string, pid: number): string => `${path}.${process.pid}.${pid}.tmp`;

/** Writes `pid` to `path`, replacing whatever was there. */
export function writePid(path: string, pid: number): void {
  const tmp = tempFor(path, pid);
  writeFileSync(tmp, `${pid}\n`, { mode: 0o644 });
  renameSync(tmp, path);
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

/** True while `pid` is a live process (not a zombie). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = procStat(pid)?.[0];
  return state !== 'Z' && state !== 'X';
}

/** The fields of /proc/<pid>/stat after the command name (state, ppid, pgrp, …), undefined without /proc. */
function procStat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
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
  if (pid === process.pid || !isAlive(pid)) return false;
  const argv = commandLine(pid);
  if (argv === undefined) return true;
  return argv.some((a, i) => (a === '--name' && argv[i + 1] === name) || a === `--name=${name}`);
}

export type Claim = { ok: true } | { ok: false; holder: number };

/**
 * Makes `path` name this process, unless it names a live process `isHolder` accepts
 * (then answers that pid). A pidfile left by a process that is gone is replaced.
 * Two supervisors started in the same instant could both replace the same stale file;
 * the provisioner starts one per service at a time, so that race is not guarded.
 */
export function claimPidfile(path: string, isHolder: (pid: number) => boolean): Claim {
  const tmp = tempFor(path, process.pid);
  writeFileSync(tmp, `${process.pid}\n`, { mode: 0o644 });
  try {
    try {
      linkSync(tmp, path);
      return { ok: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readPid(path);
    if (holder !== undefined && isHolder(holder)) return { ok: false, holder };
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
