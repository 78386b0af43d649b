import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { TaskStatus } from '../../core/framework.js';
import type { StateOp, StateStore } from '../state/state-store.js';
import { Backoff } from '../../core/backoff.js';
import type { BatchedWriter } from './batched-writer.js';
import type { EnqueueOptions, StatusUpdates } from './status-updates.js';

/** Delivers a batch; resolves with the uuids the master recorded. */
export type SendUpdates = (updates: TaskStatus[]) => Promise<string[]>;

export interface StatusUpdateManagerOptions {
  store: StateStore;
  writer: BatchedWriter;
  send: SendUpdates;
  clock: Clock;
  logger: Logger;
  /** Updates produced within this window go out in one request (default 5 ms). */
  coalesceMs?: number;
  /** Most updates per request; keeps a request well under the master's 1 MiB body limit (default 500). */
  maxBatch?: number;
  backoff?: Backoff;
  /** Called with the updates the master acknowledged, in order. */
  onAcknowledged?: (statuses: TaskStatus[]) => void;
}

interface Entry {
  key: string;
  status: TaskStatus;
  /** In memory only: after a restart, the few updates left over are simply sent. */
  supersedable?: boolean;
}

const PREFIX = 'updates/';

/**
 * One request in flight at a time, carrying for every task its oldest unacknowledged
 * update (Mesos' per-task stream: the next update of a task goes out once the previous
 * one is acknowledged). A burst of updates (100 tasks launched at once) thus costs a few
 * requests, not one per update, and each task's updates arrive in order.
 */
export class StatusUpdateManager implements StatusUpdates {
  private readonly opts: Required<Omit<StatusUpdateManagerOptions, 'onAcknowledged'>> & Pick<StatusUpdateManagerOptions, 'onAcknowledged'>;
  private queue: Entry[] = [];
  private readonly pendingPerTask = new Map<string, number>();
  private seq = 0;
  private connected = false;
  private inFlight?: Promise<void>;
  /** Keys of the updates of the request in flight: those are never superseded. */
  private sending = new Set<string>();
  private timer?: TimerHandle;
  private stopped = false;

  constructor(opts: StatusUpdateManagerOptions) {
    this.opts = { coalesceMs: 5, maxBatch: 500, backoff: new Backoff(100, 5_000), ...opts };
  }

  /** Reads the updates a previous agent process left unacknowledged. Call before enqueue. */
  async load(): Promise<void> {
    const entries = await this.opts.store.list<TaskStatus>(PREFIX);
    for (const e of entries) this.push({ key: e.key, status: e.value });
    const last = entries.at(-1);
    if (last) this.seq = Number(last.key.slice(PREFIX.length)) + 1;
  }

  enqueue(status: TaskStatus, ops: StateOp[] = [], opts: EnqueueOptions = {}): void {
    const key = `${PREFIX}${String(this.seq++).padStart(16, '0')}`;
    const replaced = opts.supersedable ? this.supersedableTail(status.taskId) : undefined;
    if (replaced) {
      this.queue = this.queue.filter((e) => e !== replaced);
      this.release(replaced.status.taskId);
    }
    this.push({ key, status, supersedable: opts.supersedable });
    void this.opts.writer.write([...ops, ...(replaced ? [{ type: 'delete' as const, key: replaced.key }] : []), { type: 'put', key, value: status }]);
    this.schedule(this.opts.coalesceMs);
  }

  /** The task's latest queued update, when it may be replaced: supersedable and not in flight. */
  private supersedableTail(taskId: string): Entry | undefined {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const e = this.queue[i];
      if (e.status.taskId !== taskId) continue;
      return e.supersedable && !this.sending.has(e.key) ? e : undefined;
    }
    return undefined;
  }

  hasPending(taskId: string): boolean {
    return (this.pendingPerTask.get(taskId) ?? 0) > 0;
  }

  pending(): TaskStatus[] {
    return this.queue.map((e) => e.status);
  }

  /** Registered with the master: (re)send everything now. Not registered: hold updates. */
  setConnected(connected: boolean): void {
    this.connected = connected;
    if (connected) {
      this.opts.backoff.reset();
      this.schedule(0, true);
    }
  }

  /** Best effort: tries to deliver everything within `timeoutMs`; true when nothing is left. */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length > 0 && this.connected && !this.stopped && Date.now() < deadline) {
      await (this.inFlight ?? this.deliver());
      if (this.queue.length > 0) await new Promise((r) => setTimeout(r, 20));
    }
    return this.queue.length === 0;
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private push(entry: Entry): void {
    this.queue.push(entry);
    this.pendingPerTask.set(entry.status.taskId, (this.pendingPerTask.get(entry.status.taskId) ?? 0) + 1);
  }

  private release(taskId: string): void {
    const left = (this.pendingPerTask.get(taskId) ?? 1) - 1;
    if (left > 0) this.pendingPerTask.set(taskId, left);
    else this.pendingPerTask.delete(taskId);
  }

  /** `replace`: an earlier, longer timer (a backoff) gives way to this one. */
  private schedule(ms: number, replace = false): void {
    if (this.stopped) return;
    if (this.timer && !replace) return;
    this.timer?.cancel();
    this.timer = this.opts.clock.setTimer(ms, () => {
      this.timer = undefined;
      void this.deliver();
    });
  }

  private deliver(): Promise<void> {
    if (this.inFlight || !this.connected || this.stopped || this.queue.length === 0) return this.inFlight ?? Promise.resolve();
    // Only the oldest unacknowledged update of each task: a later one is sent once the
    // earlier is acknowledged, so the master never sees a task's states out of order.
    const batch: Entry[] = [];
    const inBatch = new Set<string>();
    for (const e of this.queue) {
      if (batch.length >= this.opts.maxBatch) break;
      if (inBatch.has(e.status.taskId)) continue;
      inBatch.add(e.status.taskId);
      batch.push(e);
    }
    this.sending = new Set(batch.map((e) => e.key));
    this.inFlight = this.sendBatch(batch).finally(() => {
      this.inFlight = undefined;
      this.sending = new Set();
    });
    return this.inFlight;
  }

  private async sendBatch(batch: Entry[]): Promise<void> {
    let acked: Set<string>;
    try {
      acked = new Set(await this.opts.send(batch.map((e) => e.status)));
    } catch (err) {
      const delay = this.opts.backoff.next();
      const log = this.opts.backoff.attempts <= 1 ? 'warn' : 'debug';
      this.opts.logger[log]({ err: (err as Error).message, updates: batch.length, retryInMs: delay }, 'status updates not delivered; will retry');
      this.schedule(delay, true);
      return;
    }
    const done = this.queue.filter((e) => e.status.uuid !== undefined && acked.has(e.status.uuid));
    if (done.length > 0) {
      const doneKeys = new Set(done.map((e) => e.key));
      this.queue = this.queue.filter((e) => !doneKeys.has(e.key));
      for (const e of done) this.release(e.status.taskId);
      void this.opts.writer.write(done.map((e) => ({ type: 'delete', key: e.key })));
      this.opts.onAcknowledged?.(done.map((e) => e.status));
    }
    if (done.length < batch.length) {
      // The master answered but did not record some updates: it may be catching up (e.g.
      // it does not know a framework yet). Retry those, later.
      const delay = this.opts.backoff.next();
      this.opts.logger.debug({ unacknowledged: batch.length - done.length, retryInMs: delay }, 'master left status updates unacknowledged');
      this.schedule(delay, true);
    } else {
      this.opts.backoff.reset();
      if (this.queue.length > 0) this.schedule(0);
    }
  }
}
