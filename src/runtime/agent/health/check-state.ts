import type { HealthCheckReport, TaskHealthCheck } from '../../../core/framework.js';
import type { ProbeResult } from './probe.js';

/**
 * The decision core of health checks: pure functions from a check's state and a probe's
 * result to the check's next state, and when an update is worth sending. Marathon's
 * semantics (core/health/Health.scala, HealthCheckActor.scala), run on the agent:
 * - a success sets firstSuccess (once), lastSuccess, and resets consecutiveFailures;
 * - a failure sets lastFailure and its cause and adds one consecutive failure, except
 *   within gracePeriodSeconds of the task's start while the check never succeeded:
 *   such a failure changes nothing at all;
 * - a 1xx answer is ignored (changes nothing) when the check says ignoreHttp1xx, and is
 *   a failure otherwise, as Marathon's HTTP worker counts anything outside 200–399;
 * - a check the agent could not run changes nothing.
 * Times are ms since the epoch.
 */

export interface JudgeContext {
  now: number;
  /** When the task became TASK_RUNNING: the grace period counts from here. */
  runningSince: number;
}

export interface Verdict {
  report: HealthCheckReport;
  /** The result changed the check's state (a success, or a failure outside the grace period). */
  counted: boolean;
  /**
   * Worth an update: the check's first counted result, every counted failure (the
   * scheduler counts them to decide a kill), and a success that follows failures. Never
   * a success that follows a success.
   */
  notify: boolean;
}

export function initialReport(): HealthCheckReport {
  return { alive: false, consecutiveFailures: 0 };
}

/** A check has a counted result once it succeeded or failed (outside the grace period) at least once. */
export function hasResult(report: HealthCheckReport): boolean {
  return report.firstSuccess !== undefined || report.lastFailure !== undefined;
}

export function inGracePeriod(check: TaskHealthCheck, report: HealthCheckReport, ctx: JudgeContext): boolean {
  return report.firstSuccess === undefined && ctx.now < ctx.runningSince + check.gracePeriodSeconds * 1000;
}

export function judge(check: TaskHealthCheck, report: HealthCheckReport, result: ProbeResult, ctx: JudgeContext): Verdict {
  const unchanged: Verdict = { report, counted: false, notify: false };
  switch (result.kind) {
    case 'not-run':
      return unchanged;
    case 'informational':
      if (check.ignoreHttp1xx) return unchanged;
      return failure(check, report, result.cause, ctx);
    case 'unhealthy':
      return failure(check, report, result.cause, ctx);
    case 'healthy':
      return {
        report: { ...report, alive: true, consecutiveFailures: 0, firstSuccess: report.firstSuccess ?? ctx.now, lastSuccess: ctx.now },
        counted: true,
        notify: !hasResult(report) || !report.alive,
      };
  }
}

function failure(check: TaskHealthCheck, report: HealthCheckReport, cause: string, ctx: JudgeContext): Verdict {
  if (inGracePeriod(check, report, ctx)) return { report, counted: false, notify: false };
  return {
    report: { ...report, alive: false, consecutiveFailures: report.consecutiveFailures + 1, lastFailure: ctx.now, lastFailureCause: cause },
    counted: true,
    notify: true,
  };
}

/** Mesos: TaskStatus.healthy is true when every check of the task is alive. */
export function taskHealthy(reports: HealthCheckReport[]): boolean {
  return reports.every((r) => r.alive);
}

/** The first run: delaySeconds after the task became RUNNING, or now when that moment has passed (an agent restart). */
export function firstCheckAt(check: TaskHealthCheck, runningSince: number, now: number): number {
  return Math.max(now, runningSince + check.delaySeconds * 1000);
}

/** Mesos: intervalSeconds is the wait between the end of one check (finished or timed out) and the start of the next. */
export function nextCheckAt(check: TaskHealthCheck, finishedAt: number): number {
  return finishedAt + check.intervalSeconds * 1000;
}

/**
 * Updates of one task are at most one per shortest interval of its checks, however many
 * checks it has: the next one is due `minIntervalMs` after the last one sent.
 */
export function nextReportAt(lastSentAt: number | undefined, minIntervalMs: number, now: number): number {
  return lastSentAt === undefined ? now : Math.max(now, lastSentAt + minIntervalMs);
}
