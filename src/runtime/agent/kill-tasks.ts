import { existsSync, readdirSync } from 'node:fs';
import { callerLineage, isGone } from '../../core/proc-stat.js';
import { SqliteStateStore } from '../state/sqlite-store.js';
import { isProcessAlive, mayOwnGroup, readProcStat, signalGroup } from './proc.js';
import { agentStoreFile, loadTaskRecords } from './task-record.js';

/**
 * `dcos-agent kill-tasks --work-dir DIR`: ends the tasks an agent of DIR recorded,
 * while that agent is stopped. `cluster down` runs it on every agent node, local or
 * over SSH, so that it ends exactly the processes the cluster started, on that node:
 * never a process that merely runs in a directory that looks like a sandbox (another
 * test host's, in another mount namespace) or got a task's pid after the task ended.
 *
 * A task is its process group, led by the wrapper whose pid and start time the agent
 * recorded (task-record.ts). The group is signalled only while its leader still has
 * both, or, once the leader is gone, while no other process holds that pid (Linux never
 * reuses the pid of a live group's id, so the group is still the task's: the agent's
 * own rule, proc.ts mayOwnGroup). A task without a recorded start time is left alone.
 * The caller and its ancestors, process group and session are never signalled.
 *
 * Like the agent's own kill: SIGTERM to the group, SIGKILL when the task's
 * killGracePeriodSeconds (else `defaultGraceMs`) has passed. The store is only read.
 */
export interface KillTasksOptions {
  workDir: string;
  /** Grace of a task that declares none (default 3 s, as the agent's). */
  defaultGraceMs?: number;
  /** How often the ends of the signalled tasks are checked (default 50 ms). */
  pollMs?: number;
}

export interface KillTasksResult {
  /** Task records in the agent's store. */
  recorded: number;
  /** Tasks that were still running and were ended. */
  ended: Array<{ taskId: string; pid: number }>;
  /** Tasks that needed SIGKILL. */
  killed: string[];
  /** Tasks still running after SIGKILL (should be none). */
  left: string[];
}

interface Target {
  taskId: string;
  pid: number;
  startTime: string;
  deadline: number;
}

const DEFAULT_GRACE_MS = 3_000;
/** How long a group may take to vanish after SIGKILL before it is reported as left. */
const AFTER_KILL_MS = 5_000;

export async function killRecordedTasks(opts: KillTasksOptions): Promise<KillTasksResult> {
  const file = agentStoreFile(opts.workDir);
  if (!existsSync(file)) return { recorded: 0, ended: [], killed: [], left: [] };
  const store = new SqliteStateStore(file);
  const records = await loadTaskRecords(store).finally(() => store.close());

  const spared = callerLineage();
  const start = Date.now();
  const targets: Target[] = [];
  const groups = liveGroups();
  for (const r of records) {
    if (r.pid === undefined || r.startTime === undefined || spared.has(r.pid)) continue;
    if (!runsAsTask(r.pid, r.startTime, groups)) continue;
    const graceMs = r.launch.killGracePeriodSeconds !== undefined ? r.launch.killGracePeriodSeconds * 1000 : opts.defaultGraceMs ?? DEFAULT_GRACE_MS;
    targets.push({ taskId: r.taskId, pid: r.pid, startTime: r.startTime, deadline: start + graceMs });
  }
  for (const t of targets) signal(t, 'SIGTERM');

  const killed: string[] = [];
  let waiting = targets;
  for (;;) {
    const live = liveGroups();
    waiting = waiting.filter((t) => runsAsTask(t.pid, t.startTime, live));
    const now = Date.now();
    for (const t of waiting) {
      if (now < t.deadline || killed.includes(t.taskId)) continue;
      signal(t, 'SIGKILL');
      killed.push(t.taskId);
    }
    const lastDeadline = Math.max(start, ...waiting.map((t) => t.deadline));
    if (waiting.length === 0 || now >= lastDeadline + AFTER_KILL_MS) break;
    // A real (ref'd) timer: this runs as a command whose only work is this wait, and the
    // deaths it waits for are real processes', so there is no clock to inject.
    await new Promise<void>((resolve) => setTimeout(resolve, opts.pollMs ?? 50));
  }
  return {
    recorded: records.length,
    ended: targets.filter((t) => !waiting.includes(t)).map((t) => ({ taskId: t.taskId, pid: t.pid })),
    killed,
    left: waiting.map((t) => t.taskId),
  };
}

/**
 * The task still runs: its recorded leader (same pid and start time) leads its group, or
 * the leader is gone and its group is left (no other process holds the pid).
 */
function runsAsTask(pid: number, startTime: string, groups: Set<number>): boolean {
  if (isProcessAlive(pid, startTime)) return readProcStat(pid)?.pgid === pid;
  return mayOwnGroup(pid, startTime) && groups.has(pid);
}

function signal(t: Target, sig: NodeJS.Signals): void {
  // Re-checked at each signal: between two of them the group may have ended and its id been reused.
  if (!mayOwnGroup(t.pid, t.startTime)) return;
  try {
    signalGroup(t.pid, sig);
  } catch {
    // not ours to signal (EPERM): reported as left if it stays
  }
}

/** Process group ids that have a live member. */
function liveGroups(): Set<number> {
  const groups = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(Number(name));
    if (stat && !isGone(stat)) groups.add(stat.pgid);
  }
  return groups;
}
