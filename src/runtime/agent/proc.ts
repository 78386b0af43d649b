import { readdirSync } from 'node:fs';
import { isGone, isProcessAlive, readProcStat, type ProcStat } from '../../core/proc-stat.js';

/**
 * Process facts from /proc (Linux). A pid alone is not an identity: after an agent
 * restart the pid of a task may have been reused, so a process is identified by its pid
 * plus its start time (clock ticks since boot, field 22 of /proc/<pid>/stat).
 */
export { isProcessAlive, readProcStat, type ProcStat };

/**
 * False when pid `pgid` now belongs to a process other than the leader that started at
 * `startTime`. Linux never reuses a pid while a process group of that id exists, so when
 * no other process holds the pid, group `pgid` (if any) is still the task's.
 */
export function mayOwnGroup(pgid: number, startTime: string | undefined): boolean {
  const holder = readProcStat(pgid);
  if (!holder) return true;
  if (isGone(holder)) return holder.startTime === startTime || startTime === undefined;
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
    if (stat && stat.pgid === pgid && !isGone(stat)) out.push(Number(name));
  }
  return out;
}
