import { isTerminal, type TaskState } from '../../core/task-state.js';
import type { Probe } from './health/probe.js';
import { constants } from 'node:os';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { ExitListener, LaunchSpec, TaskDriver, TaskExit, TaskProcess } from './task-driver.js';

/**
 * How simulated tasks behave. All delays are in milliseconds and default to 0; a task
 * never ends by itself unless `exitAfterMs` (or its task's DCOS_SIMULATED_EXIT_AFTER_MS)
 * says when.
 */
export interface SimulatedDriverOptions {
  clock: Clock;
  /** From launch to "running": how long the simulated spawn takes. */
  startDelayMs?: number;
  /** From SIGTERM (or any signal but SIGKILL) to the task's end; SIGKILL ends it at once. */
  termDelayMs?: number;
  /** Every task ends by itself this long after it started, with `exitStatus`. */
  exitAfterMs?: number;
  /** The status of a task that ends by itself (default 1: TASK_FAILED; 0 is TASK_FINISHED). */
  exitStatus?: number;
}

/** The driver options a simulated agent's flags may set (agent-flags.ts). */
export type SimulationSettings = Omit<SimulatedDriverOptions, 'clock'>;

/** A task's own choice, from its environment (an app's `env`), overriding the agent's. */
export const SIMULATED_ENV = {
  exitAfterMs: 'DCOS_SIMULATED_EXIT_AFTER_MS',
  exitStatus: 'DCOS_SIMULATED_EXIT_STATUS',
  /** "false": the task's health checks fail (default: they pass). */
  healthy: 'DCOS_SIMULATED_HEALTHY',
} as const;

/**
 * Health checks of simulated tasks: nothing listens and no command should run, so the
 * answer is the task's choice (SIMULATED_ENV.healthy), at once. Neither a port nor a
 * shell of the host is ever touched.
 */
export const simulatedProbe: Probe = async (_check, target) =>
  target.env[SIMULATED_ENV.healthy] === 'false' ? { kind: 'unhealthy', cause: `simulated: ${SIMULATED_ENV.healthy}=false` } : { kind: 'healthy' };

/** A record of a real process: a simulated agent must not take over its work dir (it would report the task lost while it runs). */
export function isRealTask(record: { pid?: number; startTime?: string; state: string }): boolean {
  return record.pid !== undefined && record.startTime !== SIMULATED_START_TIME && !isTerminal(record.state as TaskState);
}

/**
 * Linux pids are below PID_MAX_LIMIT (2^22), so a simulated task's "pid" is never a real
 * process: `dcos-agent kill-tasks`, which reads the same task records, finds nothing to
 * signal, and no real process can be mistaken for a simulated task.
 */
export const FIRST_SIMULATED_PID = 2 ** 22;
/** The start time recorded for simulated tasks; no /proc entry ever has it. */
export const SIMULATED_START_TIME = 'simulated';

interface SimulatedTask {
  proc: TaskProcess;
  onExit: ExitListener;
  /** The pending end: a self-exit or a signal's delayed exit. */
  timer?: TimerHandle;
  /** When the pending end is a signal's, it is not moved by another signal (as a real handler would). */
  signalled?: boolean;
}

/**
 * A TaskDriver that runs no process. A launched task "runs" (after `startDelayMs`) and
 * ends only when signalled or when told to end after a time. Everything else the agent
 * does is real: the task runner's checks (user, sandbox directory, executable on PATH),
 * status updates, the store, the HTTP API and the master protocol. So a `dcos-agent
 * --driver simulated` speaks the real protocol to a real master, with no processes
 * behind it (benchmarks of the master, tests of scheduling at scale).
 *
 * What ends a task, as TaskExit (exit-outcome.ts turns it into a state):
 * - SIGKILL: at once, {leaderSignal: SIGKILL}, no status (like a wrapper killed outright).
 * - Any other signal N: after `termDelayMs`, status 128+N (a command ended by the signal).
 * - Its own end after `exitAfterMs`: `exitStatus`.
 *
 * Recovery: simulated tasks live in this driver's memory and survive nothing. After an
 * agent restart (a new process, a new driver) `watch` finds none of them, so every task
 * the earlier agent recorded is reported ended without a status: TASK_LOST (TASK_KILLED
 * when it was being killed), and the scheduler replaces it. `stop` ends them silently.
 * Health checks still run for real (health/probes.ts): an HTTP or TCP check of a
 * simulated task finds nothing listening, and a COMMAND check spawns its command.
 */
export class SimulatedDriver implements TaskDriver {
  private readonly clock: Clock;
  private readonly tasks = new Map<number, SimulatedTask>();
  private nextPid = FIRST_SIMULATED_PID;
  private stopped = false;

  constructor(private readonly opts: SimulatedDriverOptions) {
    this.clock = opts.clock;
  }

  /** Simulated tasks still running. */
  get running(): number {
    return this.tasks.size;
  }

  async launch(spec: LaunchSpec, onExit: ExitListener): Promise<TaskProcess> {
    const exitAfterMs = envNumber(spec.env, SIMULATED_ENV.exitAfterMs) ?? this.opts.exitAfterMs;
    const exitStatus = envNumber(spec.env, SIMULATED_ENV.exitStatus, 255) ?? this.opts.exitStatus ?? 1;
    const startDelayMs = this.opts.startDelayMs ?? 0;
    if (startDelayMs > 0) await new Promise<void>((resolve) => this.clock.setTimer(startDelayMs, resolve));
    if (this.stopped) throw new Error('the simulated driver is stopped');
    const proc: TaskProcess = { pid: this.nextPid++, startTime: SIMULATED_START_TIME };
    const task: SimulatedTask = { proc, onExit };
    this.tasks.set(proc.pid, task);
    if (exitAfterMs !== undefined) task.timer = this.clock.setTimer(exitAfterMs, () => this.end(task, { exitStatus }));
    return proc;
  }

  /** Only a task this driver launched and still runs is there to watch; earlier agents' tasks are gone. */
  watch(proc: TaskProcess, _sandbox: string, onExit: ExitListener): boolean {
    const task = this.find(proc);
    if (!task) {
      onExit({});
      return false;
    }
    task.onExit = onExit;
    return true;
  }

  signal(proc: TaskProcess, signal: NodeJS.Signals): boolean {
    const task = this.find(proc);
    if (!task) return false;
    if (signal === 'SIGKILL') {
      this.end(task, { leaderSignal: 'SIGKILL' });
      return true;
    }
    if (task.signalled) return true;
    task.timer?.cancel();
    task.signalled = true;
    const exit = { exitStatus: 128 + (constants.signals[signal] ?? 0) };
    task.timer = this.clock.setTimer(this.opts.termDelayMs ?? 0, () => this.end(task, exit));
    return true;
  }

  isAlive(proc: TaskProcess): boolean {
    return this.find(proc) !== undefined;
  }

  /** The agent is stopping: its simulated tasks end with it, unreported (see Recovery above). */
  stop(): void {
    this.stopped = true;
    for (const task of this.tasks.values()) task.timer?.cancel();
    this.tasks.clear();
  }

  private find(proc: TaskProcess): SimulatedTask | undefined {
    const task = this.tasks.get(proc.pid);
    return task && task.proc.startTime === proc.startTime ? task : undefined;
  }

  private end(task: SimulatedTask, exit: TaskExit): void {
    if (this.tasks.get(task.proc.pid) !== task) return;
    task.timer?.cancel();
    this.tasks.delete(task.proc.pid);
    task.onExit(exit);
  }
}

/** A non-negative integer from the task's environment; a value that is not one fails the launch, naming the variable. */
function envNumber(env: Record<string, string>, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const text = env[name];
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0 || n > max) throw new Error(`${name} must be an integer from 0 to ${max}, got "${text}"`);
  return n;
}
