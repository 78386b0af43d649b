import type { TaskLaunch } from '../core/framework.js';
import type { AgentTaskReport } from './master-types.js';

/** master → agent protocol. Only the cluster's node credential is accepted here. */

export interface LaunchTasksRequest {
  frameworkId: string;
  tasks: TaskLaunch[];
}

export interface KillTaskRequest {
  taskId: string;
  /** The task's framework: lets the agent address its TASK_LOST answer for a task it does not know. */
  frameworkId?: string;
  /** Overrides the task's own grace period. */
  gracePeriodSeconds?: number;
}

/** Several kills in one request (an app of thousands of tasks removed). */
export interface KillTasksRequest {
  kills: KillTaskRequest[];
}

export interface AgentStateResponse {
  id: string;
  hostname: string;
  port: number;
  tasks: AgentTaskReport[];
}

export interface ShutdownRequest {
  /** true: kill every task (SIGTERM, then SIGKILL after its grace) before the agent exits. */
  killTasks: boolean;
}
