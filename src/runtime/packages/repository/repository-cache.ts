import type { PackageRepository } from '../../../api/cosmos-types.js';
import type { Clock } from '../../../core/clock.js';
import type { FetchedRepository, RepositoryReader } from './repository-source.js';

export interface RepositoryCacheOptions {
  read: RepositoryReader;
  clock: Clock;
  /** How long a repository read is reused. Default 60 s, Cosmos's PackageCollection (`expireAfterWrite(1, MINUTES)`). */
  ttlMs?: number;
}

/**
 * Each repository read once per TTL, keyed by name and URI. Concurrent callers share one
 * read; a failed read is not kept, so the next call tries again (Cosmos invalidates on
 * failure too). The repository list forgets the read of a repository it deletes; an added
 * one keeps the read that validated it.
 */
export class RepositoryCache {
  private readonly entries = new Map<string, { at: number; value: Promise<FetchedRepository> }>();
  private readonly ttlMs: number;

  constructor(private readonly opts: RepositoryCacheOptions) {
    this.ttlMs = opts.ttlMs ?? 60_000;
  }

  get(repository: PackageRepository): Promise<FetchedRepository> {
    const key = keyOf(repository);
    const now = this.opts.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = this.opts.read(repository);
    const entry = { at: now, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  /** A repository left the list: its read is dropped (the others stay: a large index is not read again for it). */
  forget(repository: PackageRepository): void {
    this.entries.delete(keyOf(repository));
  }
}

const keyOf = (r: PackageRepository) => `${r.name}\u0000${r.uri}`;
