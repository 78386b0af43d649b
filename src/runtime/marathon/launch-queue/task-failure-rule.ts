import type { TaskStatus } from '../../../core/framework.js';
import { isActive } from '../../../core/task-state.js';
import type { Instance } from '../state/instance.js';
import type { TaskFailure } from '../state/task-failure.js';

/**
 * Whether a task's end is a failure of its app, and which: every end the scheduler did not
 * ask for, but TASK_KILLED (someone else's kill, as in Marathon), and the end of a task it
 * killed for failing its health checks. That includes launches the agent or the master
 * refused (TASK_ERROR, TASK_DROPPED, TASK_LOST), so a launch that can never work backs
 * off instead of being retried in a hot loop. A failure becomes the app's lastTaskFailure
 * and delays its next launch.
 */
export function failureOf(prev: Instance, ended: Instance, status: TaskStatus, now: number): TaskFailure | undefined {
  const unhealthy = prev.killReason === 'unhealthy';
  if (!unhealthy && (prev.killRequested || status.state === 'TASK_KILLED' || !isActive(prev.state))) return undefined;
  const causes = ended.health?.map((h) => h.lastFailureCause).filter(Boolean).join('; ') ?? '';
  return {
    appId: prev.appId, taskId: prev.taskId, state: status.state,
    message: unhealthy ? `killed for failing its health checks: ${causes}` : status.message ?? '',
    timestamp: now, host: prev.host, slaveId: prev.agentId, version: prev.version,
  };
}
