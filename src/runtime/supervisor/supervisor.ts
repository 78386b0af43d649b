import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { RestartBackoff } from './backoff.js';
import { commandLine, isAliveAs, readPidLine, removePid, writePid } from './pidfile.js';

/**
 * Keeps one daemon running: starts it in a process group of its own with its output
 * appended to the log, records its pid, and when it dies starts it again after a
 * RestartBackoff delay. stop() ends it (SIGTERM, then SIGKILL after the grace);
 * restart() replaces it now. Everything it does is logged with the reason; nothing it
 * meets (a missing binary, a log it cannot open, a signal it cannot send) throws.
 * With `adopt`, a daemon left running by an earlier supervisor is kept: it is not our
 * child, so its end is found by polling (pid and start time) instead of by 'exit'.
 *
 * Events: 'spawn' (pid), 'adopt' (pid), 'exit' ({ pid, code, signal, restartInMs })
 * where restartInMs is undefined for an exit that was asked for (code and signal are
 * null for an adopted daemon: its status is not ours to read), 'stopped' ().
 */
export interface SupervisorOptions {
  name: string;
  command: string;
  args: string[];
  /** The daemon's pidfile. */
  childPidfile: string;
  /** The daemon's stdout and stderr are appended here (opened anew for each start, so rotation works). */
  logFile: string;
  minBackoffMs: number;
  maxBackoffMs: number;
  /** How long a daemon has after SIGTERM before SIGKILL. */
  stopGraceMs: number;
  /** A run this long resets the backoff (default 60 s). */
  stableAfterMs?: number;
  /** Pidfiles hold "PID STARTTIME" instead of "PID" (see pidfile.ts). */
  pidfileStartTime?: boolean;
  /** Keep a daemon an earlier supervisor left running instead of replacing it (see start()). */
  adopt?: boolean;
  /** How often an adopted daemon is checked for liveness (default 250 ms). */
  adoptPollMs?: number;
  clock: Clock;
  /** Writes one line of the supervisor's own log (the caller adds time and name). */
  log: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface ExitEvent {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  restartInMs?: number;
}

type State = 'idle' | 'running' | 'backoff' | 'restarting' | 'stopping' | 'stopped';

export class Supervisor extends EventEmitter {
  private readonly backoff: RestartBackoff;
  private state: State = 'idle';
  private child: ChildProcess | undefined;
  private childPid: number | undefined;
  private startedAt = 0;
  private timer: TimerHandle | undefined;
  private killTimer: TimerHandle | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: SupervisorOptions) {
    super();
    this.backoff = new RestartBackoff({ minMs: opts.minBackoffMs, maxMs: opts.maxBackoffMs, stableAfterMs: opts.stableAfterMs });
  }

  /** The daemon's pid while it runs. */
  get pid(): number | undefined {
    return this.childPid;
  }

  /**
   * Starts the daemon. A daemon of an earlier supervisor that died without stopping it
   * (the child pidfile names a live process with the same command line and, when
   * recorded, the same start time) is adopted with `adopt`, otherwise stopped first, so
   * there is never a second one.
   */
  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    const orphan = this.findOrphan();
    if (orphan && this.opts.adopt) {
      this.adoptChild(orphan);
      return;
    }
    if (orphan) await this.stopOrphan(orphan);
    if (this.state !== 'idle') return; // stopped meanwhile
    this.spawnChild();
  }

  /** Replaces the daemon now (SIGHUP: a new configuration), without backoff. */
  async restart(): Promise<void> {
    if (this.state === 'backoff') {
      this.timer?.cancel();
      this.backoff.reset();
      this.opts.log('restart requested while waiting to restart: starting now');
      this.spawnChild();
      return;
    }
    if (this.state !== 'running') return;
    this.opts.log(`restart requested: stopping ${this.childPid}`);
    this.state = 'restarting';
    this.backoff.reset();
    await this.terminate();
    if (this.state === 'restarting') this.spawnChild();
  }

  /** Stops the daemon (SIGTERM, SIGKILL after the grace) and starts nothing again. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const was = this.state;
      this.state = 'stopping';
      this.timer?.cancel();
      if (was === 'running') {
        this.opts.log(`stopping ${this.childPid}`);
        await this.terminate();
      }
      // 'restarting': the terminate under way ends it, and restart() starts nothing now
      await this.exited;
      this.state = 'stopped';
      this.emit('stopped');
    })();
    return this.stopping;
  }

  private spawnChild(): void {
    this.state = 'running';
    let fd: number | undefined;
    let child: ChildProcess;
    try {
      fd = openSync(this.opts.logFile, 'a', 0o600);
      child = spawn(this.opts.command, this.opts.args, {
        detached: true, // its own process group: our signals reach it alone, a group kill reaches its helpers
        stdio: ['ignore', fd, fd],
        env: this.opts.env ?? process.env,
        cwd: this.opts.cwd,
      });
    } catch (err) {
      this.opts.log(`cannot start ${this.opts.command}: ${(err as Error).message}`);
      this.onExit(undefined, null, null);
      return;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    this.child = child;
    this.startedAt = this.opts.clock.now();
    this.backoff.started(this.startedAt);
    let done!: () => void;
    this.exited = new Promise((resolve) => { done = resolve; });
    let settled = false;
    const settle = (code: number | null, signal: NodeJS.Signals | null): void => {
      if (settled) return;
      settled = true;
      this.killTimer?.cancel();
      this.onExit(child.pid, code, signal);
      done();
    };
    child.once('error', (err) => {
      // spawn failed (no such binary, not executable): no 'exit' follows
      if (child.pid === undefined) {
        this.opts.log(`cannot start ${this.opts.command}: ${err.message}`);
        settle(null, null);
      } else {
        this.opts.log(`error from ${child.pid}: ${err.message}`);
      }
    });
    child.once('exit', (code, signal) => settle(code, signal));
    if (child.pid !== undefined) {
      this.childPid = child.pid;
      this.recordChild(child.pid);
      this.opts.log(`started ${child.pid}: ${[this.opts.command, ...this.opts.args].join(' ')}`);
      this.emit('spawn', child.pid);
    }
  }

  private recordChild(pid: number): void {
    try {
      writePid(this.opts.childPidfile, pid, this.opts.pidfileStartTime);
    } catch (err) {
      this.opts.log(`cannot write ${this.opts.childPidfile}: ${(err as Error).message}`);
    }
  }

  /** Watches a running daemon that is not our child: polled until it is gone, then handled as any exit. */
  private adoptChild(orphan: { pid: number; startTime?: string }): void {
    this.state = 'running';
    const { pid } = orphan;
    this.childPid = pid;
    this.startedAt = this.opts.clock.now();
    this.backoff.started(this.startedAt);
    let done!: () => void;
    this.exited = new Promise((resolve) => { done = resolve; });
    const pollMs = this.opts.adoptPollMs ?? 250;
    // Never cancelled: stop() and restart() wait for the daemon's end, which only this sees.
    const poll = (): void => {
      this.opts.clock.setTimer(pollMs, () => {
        if (isAliveAs(orphan)) return poll();
        this.killTimer?.cancel();
        this.onExit(pid, null, null, true);
        done();
      });
    };
    poll();
    this.recordChild(pid);
    this.opts.log(`adopted ${pid}, still running from an earlier supervisor: ${[this.opts.command, ...this.opts.args].join(' ')}`);
    this.emit('adopt', pid);
  }

  private onExit(pid: number | undefined, code: number | null, signal: NodeJS.Signals | null, adopted = false): void {
    this.child = undefined;
    this.childPid = undefined;
    if (pid !== undefined) removePid(this.opts.childPidfile, pid);
    const how = adopted ? 'ended' : signal ? `killed by ${signal}` : code === null ? 'failed to start' : `exited with code ${code}`;
    const now = this.opts.clock.now();
    const ran = pid === undefined ? '' : ` after ${formatMs(now - this.startedAt)}`;
    if (this.state !== 'running') {
      // asked for (stop, restart): not a failure
      if (pid !== undefined) this.opts.log(`${pid} ${how}${ran}`);
      this.emit('exit', { pid: pid ?? 0, code, signal } satisfies ExitEvent);
      return;
    }
    const delay = this.backoff.exited(now);
    this.opts.log(`${pid ?? this.opts.command} ${how}${ran}; restarting in ${delay} ms`);
    this.state = 'backoff';
    this.timer = this.opts.clock.setTimer(delay, () => {
      if (this.state === 'backoff') this.spawnChild();
    });
    this.emit('exit', { pid: pid ?? 0, code, signal, restartInMs: delay } satisfies ExitEvent);
  }

  /** SIGTERM to the daemon; SIGKILL to it and its process group after the grace. Resolves once it exited. */
  private async terminate(): Promise<void> {
    const pid = this.childPid;
    if (pid === undefined) return;
    send(pid, 'SIGTERM');
    this.killTimer = this.opts.clock.setTimer(this.opts.stopGraceMs, () => {
      this.opts.log(`${pid} still running ${this.opts.stopGraceMs} ms after SIGTERM: SIGKILL`);
      send(-pid, 'SIGKILL');
      send(pid, 'SIGKILL');
    });
    await this.exited;
  }

  /** The daemon an earlier supervisor left running, by the child pidfile: same command line and (when recorded) start time. */
  private findOrphan(): { pid: number; startTime?: string } | undefined {
    const line = readPidLine(this.opts.childPidfile);
    if (line === undefined || line.pid === process.pid || !isAliveAs(line)) return undefined;
    const argv = commandLine(line.pid);
    const ours = [this.opts.command, ...this.opts.args];
    if (argv === undefined || argv.length !== ours.length || argv.some((a, i) => a !== ours[i])) return undefined;
    return line;
  }

  /**
   * A daemon left running by a supervisor that was killed: stopped before ours starts.
   * It is not our child, so its end is polled (in real time: this happens once, at start).
   */
  private async stopOrphan(orphan: { pid: number; startTime?: string }): Promise<void> {
    const { pid } = orphan;
    this.opts.log(`${pid} is still running from an earlier supervisor: stopping it first`);
    send(pid, 'SIGTERM');
    const deadline = Date.now() + this.opts.stopGraceMs;
    while (isAliveAs(orphan) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (isAliveAs(orphan)) {
      send(-pid, 'SIGKILL');
      send(pid, 'SIGKILL');
      const killDeadline = Date.now() + 5_000;
      while (isAliveAs(orphan) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 20));
    }
    removePid(this.opts.childPidfile, pid);
  }
}

function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // gone already, or (for a group) it has no group of its own
  }
}

function formatMs(ms: number): string {
  return ms < 10_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
