/**
 * Which files of a dependency the bundle leaves out: only what can never be loaded at
 * run time, decided from the path alone (so the rule is the same on every machine).
 *
 * - documentation and typings: *.md, *.markdown, TypeScript (*.ts, *.d.ts, …), *.map;
 * - a package's own test, example, doc and benchmark folders (top level of the package
 *   only: a `lib/test.js` or `lib/docs/` deeper down may well be code);
 * - in a native addon (a folder with a binding.gyp: the package's root for
 *   better-sqlite3, lib/protocol/crypto/ for ssh2): its C/C++ sources and headers, its
 *   vendored sources (`deps/`), and everything under `build/` except the addon itself,
 *   `build/Release/*.node` (the object files and static libraries of the compile are
 *   ≈ 15 MB for better-sqlite3 alone).
 *
 * Never left out: LICENSE files, package.json, any .js/.cjs/.mjs/.json/.node outside the
 * rules above.
 */
const DROPPED_EXTENSIONS = /\.(md|markdown|ts|mts|cts|map)$/i;
const DROPPED_TOP_DIRS = new Set(['test', 'tests', '__tests__', 'example', 'examples', 'doc', 'docs', 'benchmark', 'benchmarks', 'bench', 'coverage', '.github']);
const NATIVE_SOURCES = /\.(c|cc|cpp|cxx|h|hh|hpp|hxx|lzz|gyp|gypi|o|a|mk|d)$|(^|\/)Makefile$/;

const topDir = (rel: string): string => {
  const slash = rel.indexOf('/');
  return slash < 0 ? '' : rel.slice(0, slash);
};

/**
 * True when `rel` (a path inside a dependency, POSIX, no leading ./) is kept.
 * `nativeRoots`: the folders of the package (relative, '' for its root) that hold a
 * binding.gyp.
 */
export function keepDependencyFile(rel: string, nativeRoots: readonly string[] = []): boolean {
  const top = topDir(rel);
  if (top !== '' && DROPPED_TOP_DIRS.has(top)) return false;
  if (DROPPED_EXTENSIONS.test(rel)) return false;
  for (const root of nativeRoots) {
    if (root !== '' && !rel.startsWith(`${root}/`)) continue;
    const inner = root === '' ? rel : rel.slice(root.length + 1);
    const innerTop = topDir(inner);
    if (innerTop === 'build') return /^build\/Release\/[^/]+\.node$/.test(inner);
    if (innerTop === 'deps') return false;
    if (NATIVE_SOURCES.test(inner)) return false;
  }
  return true;
}

/** The folders among `rels` (a package's files) that hold a binding.gyp: '' for the package's root. */
export function nativeRootsOf(rels: readonly string[]): string[] {
  return rels
    .filter((r) => r === 'binding.gyp' || r.endsWith('/binding.gyp'))
    .map((r) => r.slice(0, Math.max(0, r.length - '/binding.gyp'.length)));
}

/** dist/: the compiled runtime, without typings and source maps. */
export function keepDistFile(rel: string): boolean {
  return !/\.(d\.ts|map)$/.test(rel);
}
