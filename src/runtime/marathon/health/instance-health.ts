import type { TaskStatus } from '../../../core/framework.js';
import type { MarathonEvent } from '../events/marathon-events.js';
import type { Instance } from '../state/instance.js';

export interface HealthOutcome {
  instance: Instance;
  events: MarathonEvent[];
  /** Set when the task must be killed for failing its health checks: the cause. */
  killFor?: string;
}

/**
 * Applies the health part of a status update (the agent runs the checks and reports
 * facts) to an instance and decides, as Marathon does: every counted failure is a
 * failed_health_check_event, a change of health a health_status_changed_event, and a
 * task whose check failed maxConsecutiveFailures times in a row (0: never) is killed —
 * but never during its grace period: the agent counts no failure before the grace period
 * ends or the first success, and the scheduler checks again with its own clock, so a
 * late or repeated update cannot kill a task that is still starting. Only a result the
 * agent reported counts: an agent that stops reporting (restarting, unreachable) makes
 * no task unhealthy.
 */
export function applyHealth(prev: Instance, status: TaskStatus, now: number): HealthOutcome {
  if (status.healthy === undefined || !status.health) return { instance: prev, events: [] };
  const instance: Instance = { ...prev, healthy: status.healthy, health: status.health };
  const events: MarathonEvent[] = [];
  const timestamp = new Date(now).toISOString();
  const base = { appId: prev.appId, taskId: prev.taskId, instanceId: prev.taskId, version: prev.version };
  if (prev.healthy !== status.healthy) {
    events.push({ eventType: 'health_status_changed_event', timestamp, ...base, alive: status.healthy });
    events.push({
      eventType: 'instance_health_changed_event', timestamp, instanceId: prev.taskId, runSpecId: prev.appId, runSpecVersion: prev.version, healthy: status.healthy,
    });
  }
  let killFor: string | undefined;
  status.health.forEach((report, k) => {
    const check = prev.healthChecks[k];
    const before = prev.health?.[k]?.consecutiveFailures ?? 0;
    if (!check || report.consecutiveFailures <= before) return;
    events.push({ eventType: 'failed_health_check_event', timestamp, ...base, healthCheck: check });
    const inGrace = report.firstSuccess === undefined && (prev.startedAt ?? now) + check.gracePeriodSeconds * 1000 > now;
    if (check.maxConsecutiveFailures > 0 && report.consecutiveFailures >= check.maxConsecutiveFailures && !inGrace) {
      killFor ??= report.lastFailureCause ?? `${report.consecutiveFailures} consecutive health check failures`;
    }
  });
  return { instance, events, ...(killFor !== undefined && !prev.killRequested ? { killFor } : {}) };
}
