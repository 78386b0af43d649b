import type { Resources } from '../../core/resources.js';
import type { TaskState } from '../../core/task-state.js';

/** The scheduler's record of one task of an app (Marathon's "instance"). */
export interface Instance {
  taskId: string;
  appId: string;
  agentId: string;
  host: string;
  ports: number[];
  resources: Resources;
  state: TaskState;
  /** ms since epoch */
  stagedAt: number;
  startedAt?: number;
  /** The app version the task was launched with. */
  version: string;
  /** The app's lastConfigChangeAt at launch: tasks of an older config get replaced. */
  configVersion: string;
  /** The scheduler asked for this kill (scale down, removal, replacement): no backoff, no relaunch. */
  killRequested?: boolean;
  sandbox?: string;
}
