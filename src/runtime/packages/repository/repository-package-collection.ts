import type { PackageRepository, SearchResult } from '../../../api/cosmos-types.js';
import { cosmosError, type CosmosError } from '../cosmos-error.js';
import { closestNames } from './closest-names.js';
import type { PackageCollection, ResolvedPackage } from './package-collection.js';
import { groupByName, mergePackages, searchPredicate, type PackageByName } from './package-merge.js';
import type { RepositoryCache } from './repository-cache.js';
import type { FetchedRepository } from './repository-source.js';

export interface RepositoryPackageCollectionOptions {
  /** The search order, read on every call (the repository list's list()). */
  repositories: () => Promise<PackageRepository[]>;
  /** Repository reads, cached (repository-cache.ts). */
  cache: RepositoryCache;
}

/**
 * PackageCollection over the repository list. The merged, grouped view is computed once
 * per set of repository reads and reused until one of them is read again (the cache's
 * TTL, or an add/delete), so a search over 10,000 packages is one pass over the names.
 * Repositories are read one after the other, in order, as Cosmos does; the first that
 * fails fails the call.
 */
export class RepositoryPackageCollection implements PackageCollection {
  private view?: { reads: FetchedRepository[]; byName: Map<string, PackageByName> };

  constructor(private readonly opts: RepositoryPackageCollectionOptions) {}

  async search(query?: string): Promise<SearchResult[]> {
    const byName = await this.byName();
    const matches = searchPredicate(query);
    const found = [...byName.values()].filter((g) => matches(g.head.entry.summary));
    const results = await Promise.all(
      found.map(async ({ head, versions }): Promise<SearchResult> => {
        const s = head.entry.summary;
        const images = await head.entry.images();
        return {
          name: s.name,
          currentVersion: s.version,
          versions: { ...versions },
          description: s.description,
          framework: s.framework ?? false,
          tags: s.tags,
          selected: s.selected ?? false,
          ...(images ? { images } : {}),
        };
      }),
    );
    // Selected (certified) first, then by name; byName is in name order and the sort is stable.
    return results.sort((a, b) => Number(b.selected) - Number(a.selected));
  }

  async resolve(name: string, version?: string): Promise<ResolvedPackage> {
    const byName = await this.byName();
    const group = byName.get(name);
    if (!group) throw packageNotFound(name, byName.keys());
    const chosen = version === undefined ? group.head : group.revisions.find((p) => p.entry.summary.version === version);
    if (!chosen) {
      throw cosmosError('VersionNotFound', `Version [${version}] of package [${name}] not found`, { packageName: name, packageVersion: version });
    }
    return { pkg: await chosen.entry.definition(), repository: chosen.repository };
  }

  async versions(name: string): Promise<Record<string, string>> {
    const byName = await this.byName();
    const group = byName.get(name);
    if (!group) throw packageNotFound(name, byName.keys());
    return { ...group.versions };
  }

  private async byName(): Promise<Map<string, PackageByName>> {
    const reads: FetchedRepository[] = [];
    for (const r of await this.opts.repositories()) reads.push(await this.opts.cache.get(r));
    const view = this.view;
    if (view && view.reads.length === reads.length && view.reads.every((r, i) => r === reads[i])) return view.byName;
    const byName = groupByName(mergePackages(reads));
    this.view = { reads, byName };
    return byName;
  }
}

/** Cosmos's PackageNotFound ("Package [x] not found"), with the nearest names in data.closest and, when there are any, in the message. */
export function packageNotFound(name: string, names: Iterable<string>): CosmosError {
  const closest = closestNames(name, names);
  const hint = closest.length > 0 ? `. Did you mean: ${closest.join(', ')}?` : '';
  return cosmosError('PackageNotFound', `Package [${name}] not found${hint}`, { packageName: name, closest });
}
