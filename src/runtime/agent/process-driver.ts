import { spawn } from 'node:child_process';
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { isProcessAlive, mayOwnGroup, readProcStat, signalGroup } from './proc.js';
import { readExitStatus } from './sandbox.js';
import { asUser } from './task-user.js';
import type { ExitListener, LaunchSpec, TaskDriver, TaskProcess } from './task-driver.js';
import { wrapperArgs } from './wrapper.js';

export interface ProcessDriverOptions {
  clock: Clock;
  logger: Logger;
  /** How often tasks inherited from an earlier agent are checked for liveness (default 250 ms). */
  pollIntervalMs?: number;
  /** The shell that runs the wrapper (default /bin/sh). */
  shell?: string;
}

interface Watched {
  proc: TaskProcess;
  sandbox: string;
  onExit: ExitListener;
}

/**
 * Runs each task as a detached process group led by the sh wrapper (wrapper.ts).
 * Exits of tasks this agent spawned come from the child's 'exit' event; tasks inherited
 * from an earlier agent are re-parented to init, so their exit is found by polling.
 */
export class ProcessDriver implements TaskDriver {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly pollIntervalMs: number;
  private readonly shell: string;
  private readonly watched = new Map<number, Watched>();
  private pollTimer?: TimerHandle;
  private stopped = false;

  constructor(opts: ProcessDriverOptions) {
    this.clock = opts.clock;
    this.logger = opts.logger;
    this.pollIntervalMs = opts.pollIntervalMs ?? 250;
    this.shell = opts.shell ?? '/bin/sh';
  }

  launch(spec: LaunchSpec, onExit: ExitListener): Promise<TaskProcess> {
    return new Promise((resolve, reject) => {
      let proc: TaskProcess | undefined;
      // setpriv execs the wrapper in place: the spawned pid is the wrapper's, as without a user.
      const argv = asUser(spec.user, [this.shell, ...wrapperArgs(spec.sandbox, spec.argv)]);
      const child = spawn(argv[0], argv.slice(1), {
        detached: true,
        cwd: spec.sandbox,
        stdio: 'ignore',
        env: spec.env,
      });
      child.once('error', (err) => {
        if (proc) this.logger.warn({ err, pid: proc.pid }, 'task wrapper process error');
        else reject(err);
      });
      child.once('spawn', () => {
        proc = { pid: child.pid!, startTime: readProcStat(child.pid!)?.startTime };
        resolve(proc);
      });
      child.once('exit', (_code, signal) => {
        if (!proc || this.stopped) return;
        this.finish(proc, spec.sandbox, onExit, signal ?? undefined);
      });
      // The agent must be free to exit while tasks run.
      child.unref();
    });
  }

  watch(proc: TaskProcess, sandbox: string, onExit: ExitListener): boolean {
    if (!this.isAlive(proc)) {
      this.finish(proc, sandbox, onExit, undefined);
      return false;
    }
    this.watched.set(proc.pid, { proc, sandbox, onExit });
    this.schedulePoll();
    return true;
  }

  signal(proc: TaskProcess, signal: NodeJS.Signals): boolean {
    if (!mayOwnGroup(proc.pid, proc.startTime)) return false;
    return signalGroup(proc.pid, signal);
  }

  isAlive(proc: TaskProcess): boolean {
    return isProcessAlive(proc.pid, proc.startTime);
  }

  stop(): void {
    this.stopped = true;
    this.pollTimer?.cancel();
    this.pollTimer = undefined;
    this.watched.clear();
  }

  private schedulePoll(): void {
    if (this.pollTimer || this.stopped || this.watched.size === 0) return;
    this.pollTimer = this.clock.setTimer(this.pollIntervalMs, () => {
      this.pollTimer = undefined;
      for (const [pid, w] of [...this.watched]) {
        if (this.isAlive(w.proc)) continue;
        this.watched.delete(pid);
        this.finish(w.proc, w.sandbox, w.onExit, undefined);
      }
      this.schedulePoll();
    });
  }

  /** The leader is gone: clear what is left of its group, then report. */
  private finish(proc: TaskProcess, sandbox: string, onExit: ExitListener, leaderSignal: NodeJS.Signals | undefined): void {
    try {
      if (mayOwnGroup(proc.pid, proc.startTime)) signalGroup(proc.pid, 'SIGKILL');
    } catch (err) {
      this.logger.warn({ err, pgid: proc.pid }, 'could not kill the rest of a task process group');
    }
    onExit({ exitStatus: readExitStatus(sandbox), leaderSignal });
  }
}
