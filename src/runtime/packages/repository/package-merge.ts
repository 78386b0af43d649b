import type { PackageRepository } from '../../../api/cosmos-types.js';
import type { FetchedRepository, PackageEntry } from './repository-source.js';

/** A package revision with the repository it came from. */
export interface MergedPackage {
  entry: PackageEntry;
  repository: PackageRepository;
}

/**
 * Cosmos's PackageCollection.mergeWithURI (reference/cosmos-universe.md §2.4): the packages
 * of every repository in list order; of the revisions with the same (name, version), the
 * one of the lowest repository index is kept (within it, the highest releaseVersion);
 * sorted by (name, repository index), then releaseVersion descending. So the first entry
 * of a name is its highest releaseVersion in the first repository that has the name.
 */
export function mergePackages(repositories: FetchedRepository[]): MergedPackage[] {
  const rows: Array<MergedPackage & { index: number }> = [];
  repositories.forEach((r, index) => {
    for (const entry of r.packages) rows.push({ entry, repository: r.repository, index });
  });
  const order = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
    const x = a.entry.summary;
    const y = b.entry.summary;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    return a.index - b.index || y.releaseVersion - x.releaseVersion;
  };
  rows.sort(order);
  const seen = new Set<string>();
  const merged: MergedPackage[] = [];
  for (const row of rows) {
    // JSON of the pair: no name or version can make two coordinates collide.
    const coordinate = JSON.stringify([row.entry.summary.name, row.entry.summary.version]);
    if (seen.has(coordinate)) continue;
    seen.add(coordinate);
    merged.push({ entry: row.entry, repository: row.repository });
  }
  return merged;
}

/** One package name in the merged list: its first revision (what a search shows) and every version → releaseVersion. */
export interface PackageByName {
  head: MergedPackage;
  revisions: MergedPackage[];
  versions: Record<string, string>;
}

/** The merged list grouped by name, in name order. Each version's releaseVersion is the highest seen (Cosmos's search fold). */
export function groupByName(merged: MergedPackage[]): Map<string, PackageByName> {
  const byName = new Map<string, PackageByName>();
  for (const p of merged) {
    const { name, version, releaseVersion } = p.entry.summary;
    let group = byName.get(name);
    if (!group) {
      group = { head: p, revisions: [], versions: Object.create(null) as Record<string, string> };
      byName.set(name, group);
    }
    group.revisions.push(p);
    const before = group.versions[version];
    if (before === undefined || Number(before) < releaseVersion) group.versions[version] = String(releaseVersion);
  }
  return byName;
}

/**
 * Cosmos's search predicate (PackageCollection.getPredicate): no query → everything; a
 * query with `*` → an anchored, case-sensitive pattern in which `*` is any run of
 * characters and everything else is literal; else a case-insensitive substring. Tested
 * on the name, the description and each tag.
 */
export function searchPredicate(query: string | undefined): (p: { name: string; description: string; tags: string[] }) => boolean {
  if (query === undefined) return () => true;
  if (query.includes('*')) {
    const pattern = new RegExp(`^${query.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return (p) => pattern.test(p.name) || pattern.test(p.description) || p.tags.some((t) => pattern.test(t));
  }
  const q = query.toLowerCase();
  return (p) => p.name.toLowerCase().includes(q) || p.description.toLowerCase().includes(q) || p.tags.some((t) => t.toLowerCase().includes(q));
}
