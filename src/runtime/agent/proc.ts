import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process facts from /proc (Linux). A pid alone is not an identity: after an agent
 * restart the pid of a task may have been reused, so a process is identified by its pid
 * plus its start time (clock ticks since boot, field 22 of /proc/<pid>/stat).
 */
export interface ProcStat {
  /** R, S, D, Z (zombie), X (dead), ... */
  state: string;
  ppid: number;
  pgid: number;
  startTime: string;
}

export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces and ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), startTime: fields[19] };
}

/**
 * True when `pid` runs and (if given) started at `startTime`. A zombie counts as gone:
 * a reparented wrapper may wait a while for init to reap it.
 */
export function isProcessAlive(pid: number, startTime?: string): boolean {
  const stat = readProcStat(pid);
  if (!stat) return existsBySignal(pid) && startTime === undefined;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return startTime === undefined || stat.startTime === startTime;
}

function existsBySignal(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * False when pid `pgid` now belongs to a process other than the leader that started at
 * `startTime`. Linux never reuses a pid while a process group of that id exists, so when
 * no other process holds the pid, group `pgid` (if any) is still the task's.
 */
export function mayOwnGroup(pgid: number, startTime: string | undefined): boolean {
  const holder = readProcStat(pgid);
  if (!holder) return true;
  if (holder.state === 'Z' || holder.state === 'X') return holder.startTime === startTime || startTime === undefined;
  return startTime === undefined || holder.startTime === startTime;
}

/** Sends `signal` to process group `pgid`. False when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) throw new Error(`refusing to signal process group ${pgid}`);
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** Live (non-zombie) members of process group `pgid`. */
export function groupMembers(pgid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat && stat.pgid === pgid && stat.state !== 'Z' && stat.state !== 'X') out.push(Number(name));
  }
  return out;
}
