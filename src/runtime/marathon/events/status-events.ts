import type { TaskState } from '../../../core/task-state.js';
import type { Instance } from '../state/instance.js';
import type { MarathonEvent } from './marathon-events.js';

/** Marathon's instance condition names (event-bus.md). */
const CONDITIONS: Partial<Record<TaskState, string>> = {
  TASK_STAGING: 'Staging', TASK_STARTING: 'Starting', TASK_RUNNING: 'Running', TASK_KILLING: 'Killing', TASK_FINISHED: 'Finished',
  TASK_FAILED: 'Failed', TASK_KILLED: 'Killed', TASK_ERROR: 'Error', TASK_LOST: 'Gone', TASK_DROPPED: 'Dropped',
  TASK_UNREACHABLE: 'Unreachable', TASK_GONE: 'Gone', TASK_GONE_BY_OPERATOR: 'Gone', TASK_UNKNOWN: 'Unknown',
};

/** What Marathon publishes when a task changes state: status_update_event and instance_changed_event. */
export function statusEvents(i: Instance, state: TaskState, message: string, timestamp: string): MarathonEvent[] {
  return [
    {
      eventType: 'status_update_event', timestamp, slaveId: i.agentId, taskId: i.taskId, taskStatus: state, message,
      appId: i.appId, host: i.host, ipAddresses: [{ ipAddress: i.host, protocol: 'IPv4' }], ports: i.ports, version: i.version,
    },
    {
      eventType: 'instance_changed_event', timestamp, instanceId: i.taskId, condition: CONDITIONS[state] ?? 'Unknown', runSpecId: i.appId,
      agentId: i.agentId, host: i.host, runSpecVersion: i.version,
    },
  ];
}
