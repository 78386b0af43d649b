import type { TaskUser } from './task-user.js';

/**
 * A TaskDriver runs a task's command as processes on this node and reports how they
 * ended. It knows processes, signals and sandbox files; task states and status updates
 * are the TaskRunner's business.
 *
 * Contract:
 * - A launched task outlives the agent: stopping the driver or the agent process never
 *   signals tasks.
 * - `onExit` is called exactly once per launched or watched task, after every process of
 *   the task is gone (leftover processes of its group are killed first: a task is a
 *   container, not just its main process).
 */
export interface TaskProcess {
  /** Pid of the task's leader, also its process-group and session id. */
  pid: number;
  /** Start time of `pid` (see proc.ts), so that a reused pid is never mistaken for the task. */
  startTime?: string;
}

export interface TaskExit {
  /** The command's exit status as recorded in the sandbox (128+N after signal N); undefined when none was recorded. */
  exitStatus?: number;
  /** Signal that ended the leader itself, when known (SIGKILL: it could not record a status). */
  leaderSignal?: NodeJS.Signals;
}

export interface LaunchSpec {
  /** Existing directory: the task's cwd and home of its stdout/stderr. */
  sandbox: string;
  argv: string[];
  env: Record<string, string>;
  /** Run the task as this user (its wrapper too): the agent switched to it at launch. */
  user?: TaskUser;
}

export type ExitListener = (exit: TaskExit) => void;

export interface TaskDriver {
  /**
   * Starts the task. Resolves once its processes exist; rejects (and never calls
   * `onExit`) when they could not be started.
   */
  launch(spec: LaunchSpec, onExit: ExitListener): Promise<TaskProcess>;
  /**
   * Watches a task started by an earlier agent process. When it is already gone, calls
   * `onExit` at once and returns false.
   */
  watch(proc: TaskProcess, sandbox: string, onExit: ExitListener): boolean;
  /** Signals the task's whole process group. False when the group no longer exists. */
  signal(proc: TaskProcess, signal: NodeJS.Signals): boolean;
  isAlive(proc: TaskProcess): boolean;
  /** Stops watching; leaves every task running. */
  stop(): void;
}
