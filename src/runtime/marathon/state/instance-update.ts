import type { TaskStatus } from '../../../core/framework.js';
import type { Instance } from './instance.js';

/**
 * An instance after a status update (health left to applyHealth): the new state, the
 * message and sandbox, the moment it started running and the moment it became
 * unreachable — both on the scheduler's own clock, since agents' clocks may be skewed and
 * the grace period and unreachableStrategy are judged against this one.
 */
export function withStatus(prev: Instance, status: TaskStatus, now: number): Instance {
  return {
    ...prev,
    state: status.state,
    ...(status.message !== undefined ? { message: status.message } : {}),
    ...(status.sandbox ? { sandbox: status.sandbox } : {}),
    ...(status.checkResult ? { checkResult: status.checkResult } : {}),
    ...(status.state === 'TASK_RUNNING' && prev.startedAt === undefined ? { startedAt: now } : {}),
    unreachableSince: status.state === 'TASK_UNREACHABLE' ? prev.unreachableSince ?? now : undefined,
  };
}
