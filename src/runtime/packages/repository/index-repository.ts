import type { PackageDefinition, PackageRepository } from '../../../api/cosmos-types.js';
import { JsonTextError, parseJsonText } from './json-text.js';
import { packageProblems } from './package-validation.js';
import { repositoryNotReadable } from './repository-errors.js';
import { sortPackages, type FetchedRepository, type PackageEntry } from './repository-source.js';

/**
 * A Universe index (`{"packages": [...]}`, repo schema v3, v4 or v5; each package
 * decoded by its own packagingVersion, as Cosmos does whatever the content type) made
 * into a repository. Every package is checked; the first bad one is refused with its
 * index in the list, its name and the field. The parsed definitions are kept as they
 * are, the template as its base64 text: nothing is decoded until a package is rendered.
 */
export function decodeIndex(repository: PackageRepository, text: string): FetchedRepository {
  let doc: unknown;
  try {
    doc = parseJsonText(text);
  } catch (e) {
    if (!(e instanceof JsonTextError)) throw e;
    throw repositoryNotReadable(repository, `the index is not valid JSON: ${e.message}`, { position: e.position, line: e.line, column: e.column });
  }
  const packages = (doc as { packages?: unknown } | null)?.packages;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !Array.isArray(packages)) {
    throw repositoryNotReadable(repository, 'the index must be a JSON object with an array "packages"', { field: 'packages' });
  }
  const entries = packages.map((pkg: unknown, index: number): PackageEntry => {
    const problems = packageProblems(pkg);
    if (problems.length > 0) {
      const name = typeof (pkg as { name?: unknown })?.name === 'string' ? (pkg as { name: string }).name : undefined;
      const first = problems[0]!;
      const which = `packages[${index}]${name === undefined ? '' : ` (${name})`}`;
      throw repositoryNotReadable(repository, `${which}: ${first.field || 'the package'} ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, {
        package: { index, ...(name === undefined ? {} : { name }) },
        field: first.field,
        problems,
      });
    }
    const def = pkg as PackageDefinition;
    return { summary: def, images: async () => def.resource?.images, definition: async () => def };
  });
  return { repository, packages: sortPackages(entries) };
}
