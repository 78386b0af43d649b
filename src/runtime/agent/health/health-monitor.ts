import type { Logger } from 'pino';
import type { Clock } from '../../../core/clock.js';
import type { HealthCheckReport } from '../../../core/framework.js';
import type { TaskRecord } from '../task-record.js';
import type { Probe } from './probe.js';
import { runProbe } from './probes.js';
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

/**
 * The health checks of the agent's tasks: one TaskHealthChecker per task with checks,
 * from the moment it runs (or is adopted running after an agent restart, resuming from
 * its recorded health and start) until it is being killed, ends, or the agent stops.
 */
export class HealthMonitor {
  private readonly checkers = new Map<string, TaskHealthChecker>();

  constructor(private readonly opts: HealthMonitorOptions) {}

  /** Starts checking a RUNNING task; nothing when it has no checks or is checked already. */
  private stopped = false;

  start(record: TaskRecord, env: Record<string, string>, onReport: HealthListener): void {
    const checks = record.launch.healthChecks ?? [];
    if (this.stopped || checks.length === 0 || this.checkers.has(record.taskId)) return;
    const checker = new TaskHealthChecker({
      taskId: record.taskId,
      checks,
      target: { host: this.opts.hostname, sandbox: record.sandbox, env, user: record.user },
      runningSince: record.runningSince ?? record.createdAt,
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
  }

  /** For good: the agent is stopping, and a task that comes up meanwhile gets no checks here. */
  stopAll(): void {
    this.stopped = true;
    for (const taskId of [...this.checkers.keys()]) this.stop(taskId);
  }
}
