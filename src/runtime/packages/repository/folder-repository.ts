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
  let names: Array<{ name: string; path: string }>;
  try {
    names = packageDirectories(packagesDir);
  } catch (e) {
    throw fail(e);
  }
  for (const nameDir of names) {
    let revisions: Array<{ name: string; path: string }>;
    try {
      revisions = subdirectories(nameDir.path);
    } catch (e) {
      throw fail(e);
    }
    for (const rev of revisions) {
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
      // Read once per repository read: renderers cache compiled schemas and templates by the definition object.
      entries.push({
        summary,
        images: onceUnlessFailed(async () => {
          try {
            return (readPackageJsonFile(join(rev.path, 'resource.json')) as { images?: PackageImages } | undefined)?.images;
          } catch (e) {
            throw fail(e);
          }
        }),
        definition: onceUnlessFailed(async () => {
          try {
            return readPackageDirectory(rev.path, releaseVersion);
          } catch (e) {
            throw fail(e);
          }
        }),
      });
    }
  }
  return { repository, packages: sortPackages(entries) };
}

/** `read`'s answer, kept once it succeeded; a failed read is tried again next time (the file may be mended). */
function onceUnlessFailed<T>(read: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () => {
    if (kept) return kept;
    const attempt = read();
    kept = attempt;
    attempt.catch(() => {
      if (kept === attempt) kept = undefined;
    });
    return attempt;
  };
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
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new PackageFileError(dir, `cannot be listed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return entries
    .filter((d: Dirent) => d.isDirectory() || (d.isSymbolicLink() && isDirectory(join(dir, d.name))))
    .map((d) => ({ name: d.name, path: join(dir, d.name) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function packageDirectories(packagesDir: string): Array<{ name: string; path: string }> {
  return subdirectories(packagesDir).flatMap((d) => (LETTER.test(d.name) ? subdirectories(d.path) : [d]));
}
