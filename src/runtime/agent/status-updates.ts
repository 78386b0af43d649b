import type { TaskStatus } from '../../core/framework.js';
import type { StateOp } from '../state/state-store.js';

export interface EnqueueOptions {
  supersedable?: boolean;
}

/**
 * The agent's outbox of task status updates (Mesos' status update manager): every
 * update is stored until the master acknowledges its uuid, delivered in the order it
 * was produced, retried while unacknowledged and resent after every re-registration.
 */
export interface StatusUpdates {
  /**
   * Queues `status` (with its uuid set). `ops` are stored in the same transaction, so a
   * task's recorded state and the update that announces it are never apart.
   * `supersedable` (health updates): the update replaces the task's latest queued update
   * when that one is supersedable too and not being sent, so a task's queue holds one
   * such update, the newest, however long the master is away.
   */
  enqueue(status: TaskStatus, ops?: StateOp[], opts?: EnqueueOptions): void;
  /** True while some update of `taskId` waits for acknowledgement. */
  hasPending(taskId: string): boolean;
}
