import { readFileSync, statSync, type Stats } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PackageRepository } from '../../../api/cosmos-types.js';
import { readFolderRepository } from './folder-repository.js';
import { fetchHttpIndex, MAX_INDEX_BYTES, type HttpIndexOptions } from './http-index.js';
import { decodeIndex } from './index-repository.js';
import { repositoryUriConnection, repositoryUriSyntax } from './repository-errors.js';
import type { FetchedRepository, RepositoryReader } from './repository-source.js';

/**
 * Reads a repository by the form of its URI:
 * - `http://`, `https://`: a Universe index, fetched as Cosmos fetches it (http-index.ts);
 * - `file:///…/x.json`: a Universe index in a file;
 * - `file:///…/dir`: a folder of package directories (folder-repository.ts).
 * Cosmos itself takes http and https only (UnsupportedRepositoryUri); file URIs are ours,
 * for the built-in repository and for repositories kept next to the cluster.
 */
export function repositoryReader(opts: HttpIndexOptions = {}): RepositoryReader {
  return async (repository) => readRepository(repository, opts);
}

export async function readRepository(repository: PackageRepository, opts: HttpIndexOptions = {}): Promise<FetchedRepository> {
  const url = parseRepositoryUri(repository);
  if (url.protocol === 'http:' || url.protocol === 'https:') return decodeIndex(repository, await fetchHttpIndex(repository, opts));
  const path = fileURLToPath(url);
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (e) {
    throw repositoryUriConnection(repository, `${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (stat.isDirectory()) return readFolderRepository(repository, path);
  // Only regular files are read (a device such as /dev/zero never ends), and no bigger than an HTTP index may be.
  if (!stat.isFile()) throw repositoryUriConnection(repository, `${path}: neither a regular file (an index) nor a directory (a folder of packages)`);
  const maxBytes = opts.maxBytes ?? MAX_INDEX_BYTES;
  if (stat.size > maxBytes) throw repositoryUriConnection(repository, `${path}: the index is larger than ${maxBytes} bytes`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw repositoryUriConnection(repository, `${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return decodeIndex(repository, text);
}

/** The URI of a repository, or RepositoryUriSyntax saying why not. A plain path is not a URI: it is refused, naming the file:// URI meant. */
export function parseRepositoryUri(repository: PackageRepository): URL {
  const uri = repository.uri;
  if (uri.startsWith('/')) throw repositoryUriSyntax(repository, `a path is not a URI; for a local repository write file://${uri}`);
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw repositoryUriSyntax(repository, 'not an absolute URI (http://, https:// or file://)');
  }
  // A password in a URI would be shown by repository list and in every app's DCOS_PACKAGE_SOURCE label.
  if (url.username || url.password) throw repositoryUriSyntax(repository, 'credentials in a repository URI are refused: they would be shown in the repository list and in the labels of every app installed from it');
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    if (!url.hostname) throw repositoryUriSyntax(repository, 'the URI has no host');
    return url;
  }
  if (url.protocol === 'file:') {
    if (url.hostname && url.hostname !== 'localhost') throw repositoryUriSyntax(repository, `a file URI names a file on this machine, not on ${url.hostname}: write file:///path`);
    if (url.search || url.hash) throw repositoryUriSyntax(repository, 'a file URI takes no query or fragment');
    try {
      fileURLToPath(url);
    } catch (e) {
      throw repositoryUriSyntax(repository, `not a path of this machine: ${(e as Error).message}`);
    }
    return url;
  }
  throw repositoryUriSyntax(repository, `scheme ${url.protocol.slice(0, -1)} is not supported: http, https and file are`);
}
