import type { PackageRepository } from '../api/cosmos-types.js';
import { usageError } from './errors.js';

/**
 * `dcos package repo import FILE`: the repositories of `repo list --json`'s document,
 * `{"repositories": [{"name", "uri"}, ...]}`. Every entry is checked before anything is
 * added (dcos-core-cli skips bad entries with a warning; a half-imported list is worse
 * than a refused one), and any other field is refused by name.
 */
export function repositoriesToImport(doc: Record<string, unknown>, file: string): PackageRepository[] {
  const extra = Object.keys(doc).filter((k) => k !== 'repositories');
  if (extra.length > 0) throw usageError(`${file}: unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')}: the file holds {"repositories": [{"name", "uri"}, ...]}`);
  const list = doc.repositories;
  if (!Array.isArray(list)) throw usageError(`${file}: /repositories must be an array of {"name", "uri"}`);
  if (list.length === 0) throw usageError(`${file}: no repositories found to import`);
  const problems: string[] = [];
  const seen = new Set<string>();
  list.forEach((r: unknown, i) => {
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return void problems.push(`/repositories/${i}: must be an object {"name", "uri"}`);
    const { name, uri, ...rest } = r as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') problems.push(`/repositories/${i}/name: must be a non-empty string`);
    if (typeof uri !== 'string' || uri === '') problems.push(`/repositories/${i}/uri: must be a non-empty string`);
    for (const k of Object.keys(rest)) problems.push(`/repositories/${i}/${k}: unknown field`);
    if (typeof name === 'string' && seen.has(name)) problems.push(`/repositories/${i}/name: ${name} is given more than once`);
    if (typeof name === 'string') seen.add(name);
  });
  if (problems.length > 0) throw usageError(`${file} is not a repository list:\n${problems.join('\n')}`);
  return list as PackageRepository[];
}
