import type { PackageDefinition, PackageRepository, SearchResult } from '../../../api/cosmos-types.js';

/** A package revision and the repository it came from (its URI is the DCOS_PACKAGE_SOURCE label). */
export interface ResolvedPackage {
  pkg: PackageDefinition;
  repository: PackageRepository;
}

/**
 * The packages of every repository in the search order, as Cosmos's PackageCollection
 * merges them (reference/cosmos-universe.md §2.4): a name resolves in the first
 * repository that has it, to its highest releaseVersion unless a version is asked for.
 */
export interface PackageCollection {
  /** Cosmos's search (§5.2): no query → all; with `*` an anchored, case-sensitive glob; else a case-insensitive substring of name, description or a tag. Selected first, then by name. */
  search(query?: string): Promise<SearchResult[]>;
  /** Throws CosmosError PackageNotFound (data.closest: the nearest names) or VersionNotFound. */
  resolve(name: string, version?: string): Promise<ResolvedPackage>;
  /** version → releaseVersion of every revision of the name, over all repositories. Throws PackageNotFound. */
  versions(name: string): Promise<Record<string, string>>;
}

/** The repository list, in the cluster's store: the search order, index 0 first. */
export interface RepositoryList {
  list(): Promise<PackageRepository[]>;
  /**
   * Adds a repository at `index` (default: last) after reading it once, so an unreachable
   * or malformed repository is refused (RepositoryUriConnection, UnsupportedContentType,
   * …) and the list stays as it was. Answers the new list.
   */
  add(repository: PackageRepository, index?: number): Promise<PackageRepository[]>;
  /** By name or URI; RepositoryNotPresent when neither matches. Answers the new list. */
  delete(which: { name?: string; uri?: string }): Promise<PackageRepository[]>;
}
