import type { Logger } from 'pino';
import type { Clock } from '../../../core/clock.js';
import type { HealthCheckReport, TaskCheckResult } from '../../../core/framework.js';
import type { TaskRecord } from '../task-record.js';
import type { Probe } from './probe.js';
import { runProbe } from './probes.js';
import { TaskCheckRunner } from './task-check-runner.js';
import { TaskHealthChecker } from './task-health-checker.js';

export interface HealthMonitorOptions {
  clock: Clock;
  logger: Logger;
  /** The tasks' host: what HTTP, HTTPS and TCP checks probe. */
  hostname: string;
  /** Default: the real probes (probes.ts). */
  probe?: Probe;
}

export type HealthListener = (healthy: boolean, health: HealthCheckReport[]) => void;
export type CheckListener = (result: TaskCheckResult) => void;

/**
 * The health checks and general checks of the agent's tasks: a TaskHealthChecker per
 * task with health checks and a TaskCheckRunner per task with a check, from the moment
 * it runs (or is adopted running after an agent restart, health resuming from its
 * recorded state and start) until it is being killed, ends, or the agent stops.
 */
export class HealthMonitor {
  private readonly checkers = new Map<string, TaskHealthChecker>();
  private readonly checks = new Map<string, TaskCheckRunner>();

  constructor(private readonly opts: HealthMonitorOptions) {}

  /** Starts checking a RUNNING task; nothing when it has no checks or is checked already. */
  private stopped = false;

  /** Whether the task has anything for this monitor to run. */
  static watches(record: TaskRecord): boolean {
    return (record.launch.healthChecks ?? []).length > 0 || record.launch.check !== undefined;
  }

  start(record: TaskRecord, env: Record<string, string>, onReport: HealthListener, onCheck: CheckListener): void {
    if (this.stopped) return;
    const target = { host: this.opts.hostname, sandbox: record.sandbox, env, user: record.user };
    const runningSince = record.runningSince ?? record.createdAt;
    const check = record.launch.check;
    if (check && !this.checks.has(record.taskId)) {
      const runner = new TaskCheckRunner({
        taskId: record.taskId, check, target, runningSince, clock: this.opts.clock, logger: this.opts.logger, probe: this.opts.probe ?? runProbe, onResult: onCheck,
      });
      this.checks.set(record.taskId, runner);
      runner.start();
    }
    const checks = record.launch.healthChecks ?? [];
    if (checks.length === 0 || this.checkers.has(record.taskId)) return;
    const checker = new TaskHealthChecker({
      taskId: record.taskId,
      checks,
      target,
      runningSince,
      initial: record.health,
      clock: this.opts.clock,
      logger: this.opts.logger,
      probe: this.opts.probe ?? runProbe,
      onReport,
    });
    this.checkers.set(record.taskId, checker);
    checker.start();
  }

  stop(taskId: string): void {
    this.checkers.get(taskId)?.stop();
    this.checkers.delete(taskId);
    this.checks.get(taskId)?.stop();
    this.checks.delete(taskId);
  }

  /** For good: the agent is stopping, and a task that comes up meanwhile gets no checks here. */
  stopAll(): void {
    this.stopped = true;
    for (const taskId of new Set([...this.checkers.keys(), ...this.checks.keys()])) this.stop(taskId);
  }
}
