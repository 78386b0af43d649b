import type { StateOp, StateStore } from '../state/state-store.js';

/**
 * Write-behind for the agent's store: ops written within one turn of the event loop are
 * committed as one transaction, in the order they were written. That keeps 100 task
 * launches from costing 100+ fsyncs, and lets every component rely on one rule: an op
 * is durable no later than the ops written after it.
 */
export class BatchedWriter {
  private pending: StateOp[] = [];
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly store: StateStore, private readonly onError: (err: unknown) => void) {}

  write(ops: StateOp[]): Promise<void> {
    this.pending.push(...ops);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    // Callers that do not await must not see unhandled rejections; failures go to onError.
    done.catch(() => undefined);
    return done;
  }

  /** Commits everything written so far. */
  flush(): Promise<void> {
    this.scheduled = false;
    const ops = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    this.chain = this.chain.then(async () => {
      try {
        await this.store.commit(ops);
        for (const w of waiters) w.resolve();
      } catch (err) {
        this.onError(err);
        for (const w of waiters) w.reject(err);
      }
    });
    return this.chain;
  }
}
