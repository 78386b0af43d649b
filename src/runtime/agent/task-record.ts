import { join } from 'node:path';
import type { HealthCheckReport, TaskLaunch } from '../../core/framework.js';
import type { TaskState } from '../../core/task-state.js';
import type { StateOp, StateStore } from '../state/state-store.js';
import type { TaskUser } from './task-user.js';

/**
 * What the agent keeps about a task in its store, enough to find and judge the task
 * again after an agent restart. Written on launch and on every state change; deleted
 * once the master acknowledged the task's terminal status.
 */
export interface TaskRecord {
  taskId: string;
  frameworkId: string;
  launch: TaskLaunch;
  sandbox: string;
  /** Latest state the agent reported. */
  state: TaskState;
  /** Wrapper pid = process-group id; absent until spawned. */
  pid?: number;
  startTime?: string;
  /** Set when the agent began killing the task; SIGKILL is due at `deadline` (ms since epoch). */
  kill?: { requestedAt: number; deadline: number };
  createdAt: number;
  /**
   * When the task became TASK_RUNNING (ms since epoch). Health checks count their grace
   * period and first delay from here, also after an agent restart. Records of older
   * agents lack it: createdAt (the launch, just before the spawn) stands in.
   */
  runningSince?: number;
  /** The user the agent switched to for this task (resolved at launch; COMMAND checks after a restart run as it too). */
  user?: TaskUser;
  /** Health as last reported (TaskStatus.healthy and .health): re-registration reports it, and restarted checks resume from it. */
  healthy?: boolean;
  health?: HealthCheckReport[];
}

const PREFIX = 'tasks/';

/** The agent's store (task records, unacknowledged updates) in its work dir. */
export const agentStoreFile = (workDir: string): string => join(workDir, 'agent.db');

export const taskKey = (taskId: string): string => `${PREFIX}${taskId}`;

/** Snapshots the record: the op may be committed after the record changed again. */
export function putTaskOp(record: TaskRecord): StateOp {
  const value: TaskRecord = { ...record, ...(record.kill ? { kill: { ...record.kill } } : {}) };
  return { type: 'put', key: taskKey(record.taskId), value };
}

export function deleteTaskOp(taskId: string): StateOp {
  return { type: 'delete', key: taskKey(taskId) };
}

export async function loadTaskRecords(store: StateStore): Promise<TaskRecord[]> {
  return (await store.list<TaskRecord>(PREFIX)).map((e) => e.value);
}
