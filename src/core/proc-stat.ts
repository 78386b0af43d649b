import { readFileSync } from 'node:fs';

/**
 * /proc/<pid>/stat, parsed (Linux, proc(5)). A pid alone is not a process identity:
 * pids are recycled, so whoever records a process to signal it later records its pid
 * and its start time (field 22, clock ticks since boot, fixed for the life of the
 * process) and signals only a process that still has both.
 */
export interface ProcStat {
  /** R, S, D, Z (zombie), X (dead), ... */
  state: string;
  ppid: number;
  pgid: number;
  /** Session id: a task or daemon started with setsid leads its own. */
  sid: number;
  /** Field 22, as text: compared, never computed with. */
  startTime: string;
}

/** Parses the text of /proc/<pid>/stat; undefined when it is not one. */
export function parseProcStat(text: string): ProcStat | undefined {
  // The command name (field 2) is in parentheses and may itself hold spaces and ')'.
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).split(' ');
  if (fields.length < 20 || !/^\d+$/.test(fields[19])) return undefined;
  return { state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), sid: Number(fields[3]), startTime: fields[19] };
}

/** A zombie or a dead process is no longer running, whatever kill(pid, 0) says. */
export function isGone(stat: Pick<ProcStat, 'state'>): boolean {
  return stat.state === 'Z' || stat.state === 'X';
}

/**
 * The text of a pidfile that names a process by identity: "<pid> <startTime>\n". The
 * pid comes first, so a reader that only wants the pid (parseInt) still finds it.
 */
export function formatPidLine(pid: number, startTime: string | undefined): string {
  return startTime === undefined ? `${pid}\n` : `${pid} ${startTime}\n`;
}

/** Reads "<pid>[ <startTime>]"; undefined when the text names no pid. */
export function parsePidLine(text: string): { pid: number; startTime?: string } | undefined {
  const [pidText, startTime] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!/^\d+$/.test(pidText ?? '') || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return startTime && /^\d+$/.test(startTime) ? { pid, startTime } : { pid };
}

/** /proc/<pid>/stat of a process; undefined once it is gone (or without /proc). */
export function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` runs (a zombie counts as gone) and, when `startTime` is given, is
 * still the process that started then. Without /proc, a live pid counts, but only when
 * no start time is asked for.
 */
export function isProcessAlive(pid: number, startTime?: string): boolean {
  const stat = readProcStat(pid);
  if (!stat) return startTime === undefined && existsBySignal(pid);
  return !isGone(stat) && (startTime === undefined || stat.startTime === startTime);
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
 * This process, its ancestors, and its own process group and session: what a sweep
 * that stops processes by their records must never signal, whatever a record says
 * (the shell that runs `cluster down`, the CLI, the SSH session).
 */
export function callerLineage(): Set<number> {
  const spared = new Set<number>();
  const self = readProcStat(process.pid);
  if (self) {
    spared.add(self.pgid);
    spared.add(self.sid);
  }
  for (let pid: number | undefined = process.pid, hops = 0; pid !== undefined && pid > 1 && hops < 4096; hops++) {
    spared.add(pid);
    pid = readProcStat(pid)?.ppid;
  }
  return spared;
}
