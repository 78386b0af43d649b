import type { TaskStatus } from '../../core/framework.js';
import type { StateOp } from '../state/state-store.js';

/**
 * The agent's outbox of task status updates (Mesos' status update manager): every
 * update is stored until the master acknowledges its uuid, delivered in the order it
 * was produced, retried while unacknowledged and resent after every re-registration.
 */
export interface StatusUpdates {
  /**
   * Queues `status` (with its uuid set). `ops` are stored in the same transaction, so a
   * task's recorded state and the update that announces it are never apart.
   */
  enqueue(status: TaskStatus, ops?: StateOp[]): void;
  /** True while some update of `taskId` waits for acknowledgement. */
  hasPending(taskId: string): boolean;
}
