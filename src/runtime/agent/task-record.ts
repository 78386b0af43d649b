import { join } from 'node:path';
import type { TaskLaunch } from '../../core/framework.js';
import type { TaskState } from '../../core/task-state.js';
import type { StateOp, StateStore } from '../state/state-store.js';

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
