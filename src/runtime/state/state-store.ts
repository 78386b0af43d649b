/**
 * The durable store of a master (or an agent): a key-value space with atomic batches.
 * Keys are slash-separated ("apps//web"); `list` takes a prefix. The interface is
 * asynchronous because the etcd implementation is; components keep their working set
 * in memory and write through this store, reading it back only at start-up.
 */
export type StateOp =
  | { type: 'put'; key: string; value: unknown }
  | { type: 'delete'; key: string };

export interface StateEntry<T> {
  key: string;
  value: T;
}

export interface StateStore {
  get<T>(key: string): Promise<T | undefined>;
  list<T>(prefix: string): Promise<Array<StateEntry<T>>>;
  /** Applies every op or none. */
  commit(ops: StateOp[]): Promise<void>;
  close(): Promise<void>;
}
