import type { PackageRepository } from '../../../api/cosmos-types.js';
import type { StateStore } from '../../state/state-store.js';
import { CosmosError, cosmosError } from '../cosmos-error.js';
import type { RepositoryList } from './package-collection.js';
import type { RepositoryCache } from './repository-cache.js';
import { parseRepositoryUri } from './read-repository.js';

const MAX_NAME_LENGTH = 128;

/** The store key of the list: one value, the whole list in search order. */
export const REPOSITORIES_KEY = 'packages/repositories';

export interface StoredRepositoryListOptions {
  store: StateStore;
  /** The list until the key is first written (Cosmos: default-repositories.json; here the composer's built-in repository). */
  defaults: PackageRepository[];
  /** Reads a repository before it is added, and is cleared after every change. */
  cache: RepositoryCache;
}

/**
 * RepositoryList in the cluster's store, with Cosmos's ZkRepositoryList semantics: a name
 * or URI already present is refused (RepositoryAlreadyPresent), the index is 0..length
 * (RepositoryAddIndexOutOfBounds), delete matches the name and/or the URI given
 * (RepositoryNotPresent when nothing matches). The store has no compare-and-set, so
 * changes are serialized in this process: each reads the list, decides and writes
 * before the next starts (one master owns the package service).
 */
export class StoredRepositoryList implements RepositoryList {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: StoredRepositoryListOptions) {}

  /** The list as last read or written: this process is its only writer, so the store is read once. */
  private current?: PackageRepository[];

  async list(): Promise<PackageRepository[]> {
    this.current ??= (await this.opts.store.get<PackageRepository[]>(REPOSITORIES_KEY)) ?? this.opts.defaults;
    return this.current.map((r) => ({ name: r.name, uri: r.uri }));
  }

  /**
   * The repository is read (and validated) before the list is locked, so one slow
   * repository holds up no other change; the checks run again under the lock.
   */
  async add(repository: PackageRepository, index?: number): Promise<PackageRepository[]> {
    this.check(await this.list(), repository, index);
    parseRepositoryUri(repository);
    // Read once, so an unreachable or malformed repository is refused and the list stays as it was.
    try {
      await this.opts.cache.get(repository);
    } catch (e) {
      // Cosmos answers 400, not its fetch-time 500, for a repository that answers an HTTP error when added.
      if (e instanceof CosmosError && e.type === 'UniverseClientHttpError') throw new CosmosError(e.type, e.message, 400, { ...e.data, status: 400 });
      throw e;
    }
    return this.serialized(async () => {
      const list = await this.list();
      this.check(list, repository, index);
      const next = [...list];
      next.splice(index ?? list.length, 0, { name: repository.name, uri: repository.uri });
      return this.write(next);
    });
  }

  private check(list: PackageRepository[], repository: PackageRepository, index: number | undefined): void {
    if (repository.name.trim() === '' || repository.name !== repository.name.trim() || repository.name.length > MAX_NAME_LENGTH) {
      throw cosmosError('MalformedRequest', `Repository name ${JSON.stringify(repository.name.slice(0, MAX_NAME_LENGTH))} must be 1 to ${MAX_NAME_LENGTH} characters, without spaces at its ends`, { name: repository.name.slice(0, MAX_NAME_LENGTH) });
    }
    const name = list.some((r) => r.name === repository.name);
    const uri = list.some((r) => r.uri === repository.uri);
    if (name || uri) throw alreadyPresent(repository, name, uri);
    if (index !== undefined && (!Number.isInteger(index) || index < 0 || index > list.length)) {
      const max = list.length;
      throw cosmosError(
        'RepositoryAddIndexOutOfBounds',
        `Index (${index}) is out of range. Index value ${max === 0 ? 'can be at most 0' : `must be between 0 and ${max} inclusive.`}`,
        { attempted: index, max },
      );
    }
  }

  delete(which: { name?: string; uri?: string }): Promise<PackageRepository[]> {
    return this.serialized(async () => {
      const { name, uri } = which;
      if (name === undefined && uri === undefined) throw cosmosError('RepoNameOrUriMissing', 'Must specify either the name or URI of the repository');
      const matches = (r: PackageRepository) => (name === undefined || r.name === name) && (uri === undefined || r.uri === uri);
      const list = await this.list();
      const next = list.filter((r) => !matches(r));
      if (next.length === list.length) {
        const [message, data] =
          name !== undefined && uri !== undefined
            ? [`Neither repository name [${name}] nor URI [${uri}] are present in the list`, { name, uri }]
            : name !== undefined
              ? [`Repository name [${name}] is not present in the list`, { name }]
              : [`Repository URI [${uri}] is not present in the list`, { uri }];
        throw cosmosError('RepositoryNotPresent', message, data);
      }
      await this.write(next);
      for (const r of list.filter(matches)) this.opts.cache.forget(r);
      return next;
    });
  }

  private async write(next: PackageRepository[]): Promise<PackageRepository[]> {
    await this.opts.store.commit([{ type: 'put', key: REPOSITORIES_KEY, value: next }]);
    this.current = next;
    return next;
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function alreadyPresent(r: PackageRepository, name: boolean, uri: boolean): CosmosError {
  if (name && uri) {
    return cosmosError('RepositoryAlreadyPresent', `Repository name [${r.name}] and URI [${r.uri}] are both already present in the list`, { name: r.name, uri: r.uri });
  }
  return name
    ? cosmosError('RepositoryAlreadyPresent', `Repository name [${r.name}] is already present in the list`, { name: r.name })
    : cosmosError('RepositoryAlreadyPresent', `Repository URI [${r.uri}] is already present in the list`, { uri: r.uri });
}
