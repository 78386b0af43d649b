import Database from 'better-sqlite3';
import type { StateEntry, StateOp, StateStore } from './state-store.js';

/**
 * StateStore on one SQLite file (WAL, synchronous=NORMAL: a commit survives a process
 * crash; the last commits may be lost only on power loss). Values are JSON text.
 */
export class SqliteStateStore implements StateStore {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string], { value: string }>;
  private readonly listStmt: Database.Statement<[string, string], { key: string; value: string }>;
  private readonly putStmt: Database.Statement<[string, string]>;
  private readonly delStmt: Database.Statement<[string]>;
  private readonly applyBatch: (ops: StateOp[]) => void;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    this.getStmt = this.db.prepare('SELECT value FROM kv WHERE key = ?');
    this.listStmt = this.db.prepare('SELECT key, value FROM kv WHERE key >= ? AND key < ? ORDER BY key');
    this.putStmt = this.db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.delStmt = this.db.prepare('DELETE FROM kv WHERE key = ?');
    this.applyBatch = this.db.transaction((ops: StateOp[]) => {
      for (const op of ops) {
        if (op.type === 'put') this.putStmt.run(op.key, JSON.stringify(op.value));
        else this.delStmt.run(op.key);
      }
    });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const row = this.getStmt.get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async list<T>(prefix: string): Promise<Array<StateEntry<T>>> {
    // Every key with the prefix sorts between the prefix and the prefix followed by U+FFFF.
    return this.listStmt.all(prefix, `${prefix}\uffff`).map((r) => ({ key: r.key, value: JSON.parse(r.value) as T }));
  }

  async commit(ops: StateOp[]): Promise<void> {
    if (ops.length > 0) this.applyBatch(ops);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
