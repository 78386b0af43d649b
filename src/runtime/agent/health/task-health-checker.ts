import type { Logger } from 'pino';
import { setDeadlineTimer, type Clock, type TimerHandle } from '../../../core/clock.js';
import type { HealthCheckReport, TaskHealthCheck } from '../../../core/framework.js';
import { firstCheckAt, initialReport, judge, nextCheckAt, nextReportAt, taskHealthy } from './check-state.js';
import type { Probe, ProbeResult, ProbeTarget } from './probe.js';

export interface TaskHealthCheckerOptions {
  taskId: string;
  checks: TaskHealthCheck[];
  target: ProbeTarget;
  /** When the task became TASK_RUNNING (ms since epoch): delay and grace period count from here, across agent restarts. */
  runningSince: number;
  /** The checks' state as last reported (after an agent restart), in the order of `checks`. */
  initial?: HealthCheckReport[];
  clock: Clock;
  logger: Logger;
  probe: Probe;
  /** The task's health is worth an update (see Verdict.notify); called at most once per shortest interval. */
  onReport: (healthy: boolean, health: HealthCheckReport[]) => void;
}

/**
 * Runs the health checks of one task: each check first after its delay, then
 * intervalSeconds after the previous run ended, each run bounded by timeoutSeconds (a
 * run over time is a failure). Results go through the decision core (check-state.ts);
 * updates are throttled to one per shortest interval, the last state winning. Stopping
 * aborts what runs and discards its result: stopping is never a task failure.
 */
export class TaskHealthChecker {
  private readonly reports: HealthCheckReport[];
  private readonly timers = new Map<number, TimerHandle>();
  private readonly running = new Map<number, AbortController>();
  private readonly lastNotRun = new Map<number, string>();
  private readonly minIntervalMs: number;
  private lastSentAt?: number;
  private reportTimer?: TimerHandle;
  private stopped = false;

  constructor(private readonly opts: TaskHealthCheckerOptions) {
    this.reports = opts.checks.map((_, i) => ({ ...(opts.initial?.[i] ?? initialReport()) }));
    this.minIntervalMs = Math.min(...opts.checks.map((c) => c.intervalSeconds * 1000));
  }

  start(): void {
    const now = this.opts.clock.now();
    this.opts.checks.forEach((check, i) => this.arm(i, firstCheckAt(check, this.opts.runningSince, now)));
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.reportTimer?.cancel();
    for (const c of this.running.values()) c.abort(new Error('Health checks stopped'));
  }

  /** The checks' current state (copies), in the order of the checks. */
  health(): HealthCheckReport[] {
    return this.reports.map((r) => ({ ...r }));
  }

  private arm(i: number, at: number): void {
    if (this.stopped) return;
    this.timers.set(i, setDeadlineTimer(this.opts.clock, at, () => {
      this.timers.delete(i);
      void this.run(i);
    }));
  }

  private async run(i: number): Promise<void> {
    const check = this.opts.checks[i];
    const controller = new AbortController();
    this.running.set(i, controller);
    const timeout = this.opts.clock.setTimer(check.timeoutSeconds * 1000, () =>
      controller.abort(new Error(`Health check timed out after ${check.timeoutSeconds}s`)));
    let result: ProbeResult;
    try {
      result = await this.opts.probe(check, this.opts.target, controller.signal);
    } catch (err) {
      this.opts.logger.error({ taskId: this.opts.taskId, check: i, err }, 'health check probe failed unexpectedly');
      result = { kind: 'not-run', cause: (err as Error).message };
    } finally {
      timeout.cancel();
      this.running.delete(i);
    }
    if (this.stopped) {
      this.opts.logger.debug({ taskId: this.opts.taskId, check: i }, 'health check result discarded: checks stopped');
      return;
    }
    if (controller.signal.aborted) result = { kind: 'unhealthy', cause: `Health check timed out after ${check.timeoutSeconds}s` };
    if (result.kind === 'not-run') this.logNotRun(i, result.cause);
    else this.lastNotRun.delete(i);
    const now = this.opts.clock.now();
    const verdict = judge(check, this.reports[i], result, { now, runningSince: this.opts.runningSince });
    this.reports[i] = verdict.report;
    if (verdict.notify) this.requestReport();
    this.arm(i, nextCheckAt(check, now));
  }

  private requestReport(): void {
    if (this.reportTimer) return; // the pending report will carry the latest state
    const at = nextReportAt(this.lastSentAt, this.minIntervalMs, this.opts.clock.now());
    this.reportTimer = setDeadlineTimer(this.opts.clock, at, () => {
      this.reportTimer = undefined;
      if (this.stopped) return;
      this.lastSentAt = this.opts.clock.now();
      this.opts.onReport(taskHealthy(this.reports), this.health());
    });
  }

  /** Once per distinct cause and check: a host out of file descriptors must not flood the log. */
  private logNotRun(i: number, cause: string): void {
    const repeated = this.lastNotRun.get(i) === cause;
    this.lastNotRun.set(i, cause);
    this.opts.logger[repeated ? 'debug' : 'warn']({ taskId: this.opts.taskId, check: i, cause }, 'health check could not run; not counted');
  }
}
