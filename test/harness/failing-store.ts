import type { StateEntry, StateOp, StateStore } from '../../src/runtime/state/state-store.js';

/**
 * A real store (SQLite underneath) whose commits can be made to fail, as a full disk or
 * a lost etcd quorum would make them: what cannot be staged on a test machine at will.
 */
export class FailingStore implements StateStore {
  /** Commits still to fail; each failing commit applies nothing. */
  failNext = 0;
  failures = 0;
  /** While set, commits wait for it: a slow store (etcd), to open the window of an await. */
  gate?: Promise<void>;

  constructor(private readonly inner: StateStore) {}

  get<T>(key: string): Promise<T | undefined> {
    return this.inner.get<T>(key);
  }

  list<T>(prefix: string): Promise<Array<StateEntry<T>>> {
    return this.inner.list<T>(prefix);
  }

  async commit(ops: StateOp[]): Promise<void> {
    if (this.gate) await this.gate;
    if (this.failNext > 0) {
      this.failNext--;
      this.failures++;
      throw new Error('SQLITE_FULL: database or disk is full');
    }
    return this.inner.commit(ops);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
