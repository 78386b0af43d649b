import type { PackageDefinition, PackageImages, PackageRepository } from '../../../api/cosmos-types.js';

/** What search and version choice read of a package revision: package.json's fields and releaseVersion. */
export type PackageSummary = Pick<PackageDefinition, 'packagingVersion' | 'name' | 'version' | 'releaseVersion' | 'description' | 'tags' | 'selected' | 'framework'>;

/**
 * One package revision of a repository. The summary is in memory; the rest is read only
 * when a call needs it, so a search over a folder repository reads package.json files
 * only, and a search over an index never decodes a template.
 */
export interface PackageEntry {
  readonly summary: PackageSummary;
  /** resource.images (Cosmos's search result takes its images from there, for every packagingVersion). */
  images(): Promise<PackageImages | undefined>;
  /** The whole definition as an index holds it (template base64). Errors name the file or field at fault. */
  definition(): Promise<PackageDefinition>;
}

/** A repository as read once: its packages sorted by name, then releaseVersion, both descending (Cosmos's `packages.sorted.reverse`). */
export interface FetchedRepository {
  repository: PackageRepository;
  packages: PackageEntry[];
}

/** Reads a repository by its URI. Throws the CosmosErrors of repository-errors.ts. */
export type RepositoryReader = (repository: PackageRepository) => Promise<FetchedRepository>;

/** Cosmos's order of a repository's packages: (name, releaseVersion) descending. Names compare by UTF-16 code units, as Scala's String ordering does. */
export function sortPackages(packages: PackageEntry[]): PackageEntry[] {
  return packages.sort((a, b) => {
    const x = a.summary;
    const y = b.summary;
    if (x.name !== y.name) return x.name < y.name ? 1 : -1;
    return y.releaseVersion - x.releaseVersion;
  });
}
