import { existsSync, readdirSync, realpathSync, statSync, type BigIntStats, type Stats } from 'node:fs';
import { join } from 'node:path';
import { productionPackages, type BundledPackage } from './dependencies.js';
import { keepDependencyFile, keepDistFile, nativeRootsOf } from './trim.js';

/**
 * One entry of the tarball: a file copied from `source`, a file whose bytes are
 * `content` (BUNDLE.json), or a directory. Paths are POSIX, relative, without a trailing
 * slash.
 */
export type BundleEntry =
  | { type: 'dir'; path: string }
  | { type: 'file'; path: string; mode: number; size: number; source: string; stat: FileIdentity }
  | { type: 'file'; path: string; mode: number; size: number; content: Buffer };

/**
 * What the cache key uses to recognise an unchanged input file without reading it: the
 * kernel updates ctime on every write, rename-over or chmod, and no program can set it
 * back (unlike mtime), so equal (dev, ino, size, mtime, ctime) in nanoseconds means the
 * same bytes. A copied or reinstalled tree gets new inodes and ctimes: a miss, never a
 * wrong hit.
 */
export interface FileIdentity {
  dev: string;
  ino: string;
  mtimeNs: string;
  ctimeNs: string;
}

export interface BundleInputs {
  entries: BundleEntry[];
  packages: BundledPackage[];
  /** Sum of the sizes of every file entry. */
  totalBytes: number;
  /** Files a dependency holds that the trimming rules left out, and their size. */
  trimmed: { files: number; bytes: number };
}

export interface CollectOptions {
  packageRoot: string;
  nodeBinary: string;
  /** Bytes of BUNDLE.json. */
  bundleInfo: Buffer;
  onFile?: (count: number) => void;
}

const identity = (st: BigIntStats): FileIdentity => ({
  dev: String(st.dev),
  ino: String(st.ino),
  mtimeNs: String(st.mtimeNs),
  ctimeNs: String(st.ctimeNs),
});

const modeOf = (st: Stats | BigIntStats): number => ((Number(st.mode) & 0o111) !== 0 ? 0o755 : 0o644);

/** Files and directories of the bundle, sorted by path (byte order: parents before children). */
export async function collectInputs(opts: CollectOptions): Promise<BundleInputs> {
  const root = opts.packageRoot;
  const files: BundleEntry[] = [];
  const trimmed = { files: 0, bytes: 0 };
  const addFile = (path: string, source: string, mode?: number): void => {
    const st = statSync(source, { bigint: true });
    files.push({ type: 'file', path, mode: mode ?? modeOf(st), size: Number(st.size), source, stat: identity(st) });
    opts.onFile?.(files.length);
  };

  /**
   * Every regular file under `dir`, by its path relative to `dir`. Symbolic links are
   * followed (each real directory once). Nested node_modules are never walked: the
   * packages that belong in the bundle are collected one by one. Synchronous on
   * purpose: a few thousand stat calls take tens of milliseconds this way and several
   * times that through the thread pool.
   */
  const listFiles = (dir: string): Array<{ rel: string; abs: string }> => {
    const out: Array<{ rel: string; abs: string }> = [];
    const seen = new Set<string>([realpathSync(dir)]);
    const visit = (abs: string, rel: string): void => {
      const dirents = readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const d of dirents) {
        const childRel = rel === '' ? d.name : `${rel}/${d.name}`;
        const childAbs = join(abs, d.name);
        let isDir = d.isDirectory();
        let isFile = d.isFile();
        if (d.isSymbolicLink()) {
          let target: Stats;
          try {
            target = statSync(childAbs);
          } catch {
            continue; // dangling: nothing to ship
          }
          isDir = target.isDirectory();
          isFile = target.isFile();
          if (isDir) {
            const real = realpathSync(childAbs);
            if (seen.has(real)) continue;
            seen.add(real);
          }
        }
        if (isDir && d.name !== 'node_modules') visit(childAbs, childRel);
        else if (isFile) out.push({ rel: childRel, abs: childAbs });
      }
    };
    visit(dir, '');
    return out;
  };

  /** The files of `dir` that `keep` accepts, as `archiveDir/<rel>`; the others are counted as trimmed. */
  const walk = (dir: string, archiveDir: string, keep: (rel: string, all: readonly string[]) => boolean): void => {
    const found = listFiles(dir);
    const rels = found.map((f) => f.rel);
    for (const f of found) {
      if (keep(f.rel, rels)) addFile(`${archiveDir}/${f.rel}`, f.abs);
      else {
        trimmed.files += 1;
        trimmed.bytes += statSync(f.abs).size;
      }
    }
  };

  addFile('node/bin/node', opts.nodeBinary, 0o755);
  addFile('package.json', join(root, 'package.json'));
  if (existsSync(join(root, 'oclif.manifest.json'))) addFile('oclif.manifest.json', join(root, 'oclif.manifest.json'));
  walk(join(root, 'bin'), 'bin', () => true);
  walk(join(root, 'dist'), 'dist', keepDistFile);
  if (existsSync(join(root, 'templates'))) walk(join(root, 'templates'), 'templates', () => true);
  const packages = await productionPackages(root);
  for (const pkg of packages) {
    let nativeRoots: string[] | undefined;
    walk(join(root, pkg.path), pkg.path, (rel, all) => keepDependencyFile(rel, (nativeRoots ??= nativeRootsOf(all))));
  }
  files.push({ type: 'file', path: 'BUNDLE.json', mode: 0o644, size: opts.bundleInfo.length, content: opts.bundleInfo });

  const dirs = new Set<string>();
  for (const f of files) {
    for (let i = f.path.indexOf('/'); i >= 0; i = f.path.indexOf('/', i + 1)) dirs.add(f.path.slice(0, i));
  }
  const entries: BundleEntry[] = [...[...dirs].map((path): BundleEntry => ({ type: 'dir', path })), ...files];
  // By code unit, as written (directories with their trailing slash): a directory's
  // contents all start with "<dir>/", so each directory comes before everything in it.
  const key = (e: BundleEntry) => (e.type === 'dir' ? `${e.path}/` : e.path);
  entries.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (let i = 1; i < entries.length; i++) {
    if (key(entries[i]) === key(entries[i - 1])) throw new Error(`bundle input ${entries[i].path} appears twice`);
  }
  const totalBytes = files.reduce((n, f) => n + (f.type === 'file' ? f.size : 0), 0);
  return { entries, packages, totalBytes, trimmed };
}
