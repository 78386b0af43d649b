import type { PackageRepository } from '../../../api/cosmos-types.js';
import { CosmosError, cosmosError } from '../cosmos-error.js';

/**
 * The errors of reading a repository, with Cosmos's messages and data
 * (cosmos-common …/cosmos/error/*.scala). Where Cosmos keeps the reason only in `data.cause`,
 * the message repeats it after Cosmos's own text: the Go CLI prints only the message,
 * and "Could not access data at URI" alone does not tell a person what to fix.
 */
const repo = (r: PackageRepository) => ({ name: r.name, uri: r.uri });

export function repositoryUriSyntax(r: PackageRepository, cause: string): CosmosError {
  return cosmosError('RepositoryUriSyntax', `URI for repository [${r.name}] has invalid syntax: ${r.uri}: ${cause}`, { repository: repo(r), cause });
}

export function repositoryUriConnection(r: PackageRepository, cause: string): CosmosError {
  return cosmosError('RepositoryUriConnection', `Could not access data at URI for repository [${r.name}]: ${r.uri}: ${cause}`, { repository: repo(r), cause });
}

/**
 * The repository answered with an HTTP error. Cosmos answers 500 for it while reading the
 * package collection (the upstream status is not forwarded) and 400 when a repository is added.
 */
export function universeClientHttpError(r: PackageRepository, clientStatus: number, status: 400 | 500 = 500): CosmosError {
  return new CosmosError(
    'UniverseClientHttpError',
    `Unexpected upstream http error while fetching repository '${r.name}' at ${r.uri}: GET ${clientStatus}`,
    status,
    { packageRepository: repo(r), method: 'GET', clientStatus, status },
  );
}

export function unsupportedContentType(supported: readonly string[], actual: string | undefined): CosmosError {
  const accept = `[${supported.join(', ')}]`;
  return cosmosError(
    'UnsupportedContentType',
    actual === undefined ? `Unspecified Content-Type Accept: ${accept}` : `Unsupported Content-Type: ${actual} Accept: ${accept}`,
    { supported: [...supported], ...(actual === undefined ? {} : { actual }) },
  );
}

/**
 * The repository was read but its content is not a valid repository (malformed JSON, a
 * package without a required field, …). Cosmos answers a generic JsonParsingError or
 * JsonDecodingError carrying the whole input; this names the repository, and where known
 * the package (its index in the list and name), the field and the file or position.
 */
export function repositoryNotReadable(r: PackageRepository, cause: string, where: Record<string, unknown> = {}): CosmosError {
  return cosmosError('RepositoryNotReadable', `Repository [${r.name}] at ${r.uri} is not a valid package repository: ${cause}`, {
    repository: repo(r),
    cause,
    ...where,
  });
}
