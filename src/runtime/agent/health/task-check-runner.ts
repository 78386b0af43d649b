import type { Logger } from 'pino';
import { setDeadlineTimer, type Clock, type TimerHandle } from '../../../core/clock.js';
import type { TaskCheck, TaskCheckResult, TaskHealthCheck } from '../../../core/framework.js';
import type { Probe, ProbeResult, ProbeTarget } from './probe.js';

export interface TaskCheckRunnerOptions {
  taskId: string;
  check: TaskCheck;
  target: ProbeTarget;
  /** When the task became TASK_RUNNING (ms since epoch): the delay counts from here. */
  runningSince: number;
  clock: Clock;
  logger: Logger;
  probe: Probe;
  /** What the check found changed (Mesos sends a check update only then). */
  onResult: (result: TaskCheckResult) => void;
}

/**
 * Runs a task's general check (Mesos CheckInfo, Marathon's app `check`): first after
 * delaySeconds, then intervalSeconds after each run ends, each run bounded by
 * timeoutSeconds. It observes only: what it finds is reported (HTTP status, TCP connect,
 * command exit code) and never makes the task unhealthy. An HTTP check that got no
 * answer reports `{http: {}}`, as Mesos leaves the status code out; a run the agent
 * could not make (not-run) changes nothing.
 */
export class TaskCheckRunner {
  private timer?: TimerHandle;
  private running?: AbortController;
  private last?: string;
  private stopped = false;

  constructor(private readonly opts: TaskCheckRunnerOptions) {}

  start(): void {
    this.arm(Math.max(this.opts.clock.now(), this.opts.runningSince + this.opts.check.delaySeconds * 1000));
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.running?.abort(new Error('Checks stopped'));
  }

  private arm(at: number): void {
    if (this.stopped) return;
    this.timer = setDeadlineTimer(this.opts.clock, at, () => void this.run());
  }

  private async run(): Promise<void> {
    const { check } = this.opts;
    const controller = new AbortController();
    this.running = controller;
    const timeout = this.opts.clock.setTimer(check.timeoutSeconds * 1000, () => controller.abort(new Error(`Check timed out after ${check.timeoutSeconds}s`)));
    let result: ProbeResult;
    try {
      result = await this.opts.probe(asProbe(check), this.opts.target, controller.signal);
    } catch (err) {
      result = { kind: 'not-run', cause: (err as Error).message };
    } finally {
      timeout.cancel();
      this.running = undefined;
    }
    if (this.stopped) return;
    const found = controller.signal.aborted ? timedOut(check) : resultOf(check, result);
    if (found) {
      const key = JSON.stringify(found);
      if (key !== this.last) {
        this.last = key;
        this.opts.onResult(found);
      }
    } else {
      this.opts.logger.debug({ taskId: this.opts.taskId, cause: (result as { cause?: string }).cause }, 'check could not run; nothing reported');
    }
    this.arm(this.opts.clock.now() + check.intervalSeconds * 1000);
  }
}

/** The probes take health checks: a general check is one with nothing to judge. */
export function asProbe(c: TaskCheck): TaskHealthCheck {
  return {
    protocol: c.protocol, port: c.port, path: c.path, command: c.command,
    gracePeriodSeconds: 0, intervalSeconds: c.intervalSeconds, timeoutSeconds: c.timeoutSeconds, delaySeconds: c.delaySeconds,
    ignoreHttp1xx: false, ipProtocol: 'IPv4',
  };
}

function resultOf(c: TaskCheck, r: ProbeResult): TaskCheckResult | undefined {
  if (r.kind === 'not-run') return undefined;
  switch (c.protocol) {
    case 'HTTP':
    case 'HTTPS':
      return r.found?.http ? { http: r.found.http } : { http: {} };
    case 'TCP':
      return { tcp: { succeeded: r.kind === 'healthy' } };
    case 'COMMAND':
      return r.found?.command ? { command: r.found.command } : undefined;
  }
}

/** A run over time: no HTTP answer, no TCP connection; a command killed for it (SIGKILL, 137). */
function timedOut(c: TaskCheck): TaskCheckResult {
  if (c.protocol === 'TCP') return { tcp: { succeeded: false } };
  if (c.protocol === 'COMMAND') return { command: { exitCode: 137 } };
  return { http: {} };
}
