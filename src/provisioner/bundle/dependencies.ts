import { readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { DcosError, ErrorCodes } from '../../core/errors.js';

/**
 * The production dependency closure of a package, laid out as it will be inside the
 * bundle. Found the way Node will find them at run time in the extracted bundle: for a
 * package at P, `require(name)` looks in P/node_modules/name, then in each ancestor's
 * node_modules up to the package root. The walk follows the same logical paths (never
 * real paths), so what it finds is exactly what the bundle's node will load; a layout
 * where that is not true (pnpm's symlinked store) fails here, naming the package, not
 * later on a host.
 *
 * Followed: `dependencies`; `optionalDependencies` and `peerDependencies` when
 * installed. Never `devDependencies` (of the root or of any dependency).
 */
export interface BundledPackage {
  name: string;
  version: string;
  /** Path inside the package root (and inside the bundle), POSIX: node_modules/a/node_modules/b. */
  path: string;
}

/**
 * Declared dependencies that only run at install time, never at run time: left out.
 * prebuild-install: better-sqlite3's `install` script downloads a prebuilt binary with
 * it; the built addon is what runs (≈ 50 packages with its own dependencies).
 * nan: C++ headers for building native addons (cpu-features), no JavaScript to load.
 */
export const INSTALL_TIME_ONLY: ReadonlySet<string> = new Set(['prebuild-install', 'nan']);

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export async function readPackageJson(dir: string): Promise<PackageJson> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

async function isPackageDir(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, 'package.json'))).isFile();
  } catch {
    return false;
  }
}

/** Where Node would find `name` required from the package at `from` (a path relative to root), or undefined. */
async function resolvePackage(root: string, from: string, name: string): Promise<string | undefined> {
  let dir = from;
  for (;;) {
    const candidate = posix.join(dir, 'node_modules', name);
    if (await isPackageDir(join(root, candidate))) return candidate;
    if (dir === '') return undefined;
    // up one package: node_modules/a/node_modules/b → node_modules/a → '' (the root)
    const i = dir.lastIndexOf('/node_modules/');
    dir = i >= 0 ? dir.slice(0, i) : '';
  }
}

/** Every package the root needs at run time, sorted by path, each once. */
export async function productionPackages(root: string): Promise<BundledPackage[]> {
  const found = new Map<string, BundledPackage>();
  const queue: Array<{ path: string; pkg: PackageJson }> = [{ path: '', pkg: await readPackageJson(root) }];
  while (queue.length > 0) {
    const { path, pkg } = queue.shift()!;
    const wanted: Array<{ name: string; required: boolean }> = [
      ...Object.keys(pkg.dependencies ?? {}).map((name) => ({ name, required: true })),
      ...Object.keys(pkg.optionalDependencies ?? {}).map((name) => ({ name, required: false })),
      ...Object.keys(pkg.peerDependencies ?? {}).map((name) => ({ name, required: false })),
    ];
    for (const { name, required } of wanted) {
      if (INSTALL_TIME_ONLY.has(name)) continue;
      const at = await resolvePackage(root, path, name);
      if (at === undefined) {
        if (!required) continue;
        throw new DcosError(ErrorCodes.INTERNAL,
          `cannot bundle: "${name}", a dependency of ${path === '' ? 'the package' : path}, is not installed where Node would find it (run npm install; pnpm's symlinked layout is not supported)`);
      }
      if (found.has(at)) continue;
      const depPkg = await readPackageJson(join(root, at));
      found.set(at, { name, version: depPkg.version ?? '0.0.0', path: at });
      queue.push({ path: at, pkg: depPkg });
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
