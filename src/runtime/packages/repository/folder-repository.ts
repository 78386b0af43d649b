import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { PackageImages, PackageRepository } from '../../../api/cosmos-types.js';
import type { CosmosError } from '../cosmos-error.js';
import { PackageFileError, readPackageDirectory, readPackageJson, readPackageJsonFile } from './package-directory.js';
import { packageProblems } from './package-validation.js';
import { repositoryNotReadable } from './repository-errors.js';
import { sortPackages, type FetchedRepository, type PackageEntry, type PackageSummary } from './repository-source.js';

const REVISION = /^(0|[1-9]\d*)$/;
/** Universe's first-letter folders (`packages/C/cassandra`); package names are lower case, so they never collide. */
const LETTER = /^[A-Z0-9]$/;

/**
 * A folder repository: `<root>/<name>/<revision>/package.json …`, or the Universe
 * layout `<root>/packages/<L>/<name>/<revision>/` or `<root>/repo/packages/…`
 * (`packages/<name>/<revision>/` also works). Reading it reads every package.json and
 * nothing more; a revision's other files are read when it is resolved (definition())
 * and its resource.json when a search answers with it (images()).
 */
export function readFolderRepository(repository: PackageRepository, root: string): FetchedRepository {
  const fail = (e: unknown): CosmosError => {
    if (!(e instanceof PackageFileError)) throw e;
    return repositoryNotReadable(repository, e.message, { file: e.file, ...(e.position ?? {}) });
  };
  const packagesDir = [join(root, 'repo', 'packages'), join(root, 'packages')].find(isDirectory) ?? root;
  const entries: PackageEntry[] = [];
  for (const nameDir of packageDirectories(packagesDir)) {
    for (const rev of subdirectories(nameDir.path)) {
      if (!REVISION.test(rev.name)) {
        throw repositoryNotReadable(repository, `${rev.path} is not a revision directory: its name must be an integer ≥ 0`, { file: rev.path });
      }
      const releaseVersion = Number(rev.name);
      let pkg: Record<string, unknown>;
      try {
        pkg = readPackageJson(rev.path);
      } catch (e) {
        throw fail(e);
      }
      const problems = packageProblems(pkg, { releaseVersion: false });
      const file = join(rev.path, 'package.json');
      if (problems.length > 0) {
        const first = problems[0]!;
        throw repositoryNotReadable(repository, `${file}: ${first.field || 'the package'} ${first.message}`, { file, field: first.field, problems });
      }
      if (pkg.name !== nameDir.name) {
        throw repositoryNotReadable(repository, `${file}: name ${JSON.stringify(pkg.name)} differs from its folder's name ${JSON.stringify(nameDir.name)}`, { file, field: 'name' });
      }
      const summary = { ...(pkg as Omit<PackageSummary, 'releaseVersion'>), releaseVersion };
      entries.push({
        summary,
        images: async () => {
          try {
            return (readPackageJsonFile(join(rev.path, 'resource.json')) as { images?: PackageImages } | undefined)?.images;
          } catch (e) {
            throw fail(e);
          }
        },
        definition: async () => {
          try {
            return readPackageDirectory(rev.path, releaseVersion);
          } catch (e) {
            throw fail(e);
          }
        },
      });
    }
  }
  return { repository, packages: sortPackages(entries) };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Child directories (symlinks to directories included); files such as README.md are not packages. */
function subdirectories(dir: string): Array<{ name: string; path: string }> {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d: Dirent) => d.isDirectory() || (d.isSymbolicLink() && isDirectory(join(dir, d.name))))
    .map((d) => ({ name: d.name, path: join(dir, d.name) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function packageDirectories(packagesDir: string): Array<{ name: string; path: string }> {
  return subdirectories(packagesDir).flatMap((d) => (LETTER.test(d.name) ? subdirectories(d.path) : [d]));
}
