import { readFile } from 'node:fs/promises';
import { callerLineage, isGone, isProcessAlive, parsePidLine, readProcStat } from '../../core/proc-stat.js';

/**
 * A process this cluster started, known by pid AND start time (field 22 of
 * /proc/<pid>/stat): the only processes a local cluster's `down` or a failed `up`
 * signals. A pid whose process has another start time is someone else's (a recycled
 * pid) and is never signalled; nor are the caller and its ancestors (core/proc-stat.ts
 * callerLineage), whatever a pidfile says.
 */
export interface ProcessIdentity {
  pid: number;
  startTime: string;
}

/** The identity of a live (not zombie) process. */
export function identityOf(pid: number): ProcessIdentity | undefined {
  const stat = readProcStat(pid);
  return stat && !isGone(stat) ? { pid, startTime: stat.startTime } : undefined;
}

/** True while `id.pid` runs and is still the process that started at `id.startTime`. */
export function isRunningAs(id: ProcessIdentity): boolean {
  return isProcessAlive(id.pid, id.startTime);
}

/**
 * The live process a pidfile names ("PID STARTTIME", as dcos-supervise writes it with
 * --pidfile-start-time); undefined when the file is missing or its process is gone or
 * was replaced. `legacyMarker`: a pidfile with a pid alone (a cluster started before
 * pidfiles carried start times) is trusted only when the process's command line holds
 * this text.
 */
export async function readIdentityFile(path: string, legacyMarker?: string): Promise<ProcessIdentity | undefined> {
  let line;
  try {
    line = parsePidLine(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (!line) return undefined;
  const { pid, startTime } = line;
  if (startTime !== undefined) return isRunningAs({ pid, startTime }) ? { pid, startTime } : undefined;
  if (!legacyMarker) return undefined;
  const id = identityOf(pid);
  try {
    return id && (await readFile(`/proc/${id.pid}/cmdline`, 'utf8')).includes(legacyMarker) ? id : undefined;
  } catch {
    return undefined;
  }
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until none of `ids` runs; answers those still running at the deadline. */
export async function waitUntilGone(ids: ProcessIdentity[], timeoutMs: number, pollMs = 50): Promise<ProcessIdentity[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = ids.filter(isRunningAs);
    if (left.length === 0 || Date.now() >= deadline) return left;
    await pause(pollMs);
  }
}

/**
 * Sends `signal` to the process and, when it leads one, its process group, after
 * checking (right before) that it is still the same process and not the caller's. Answers
 * whether a signal was sent.
 */
export function signalAs(id: ProcessIdentity, signal: NodeJS.Signals): boolean {
  if (!isRunningAs(id)) return false;
  const spared = callerLineage();
  if (spared.has(id.pid)) return false;
  const leadsGroup = readProcStat(id.pid)?.pgid === id.pid;
  try {
    process.kill(leadsGroup ? -id.pid : id.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGTERM, then SIGKILL after `graceMs` to those still running. Answers the ones that
 * needed SIGKILL.
 */
export async function terminateAll(ids: ProcessIdentity[], graceMs: number): Promise<ProcessIdentity[]> {
  const running = ids.filter(isRunningAs);
  for (const id of running) signalAs(id, 'SIGTERM');
  const left = await waitUntilGone(running, graceMs);
  for (const id of left) signalAs(id, 'SIGKILL');
  if (left.length > 0) await waitUntilGone(left, 5_000);
  return left;
}
