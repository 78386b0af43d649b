/**
 * The runtime the CLI carries to every host: one tarball, the same bits everywhere,
 * named and verified by its SHA-256.
 *
 * Layout inside the tarball (extracted to <install>/versions/<sha256>/):
 *   node/bin/node          the Node binary the CLI runs on (hosts need no Node of their own)
 *   package.json
 *   oclif.manifest.json    when the package has one (so bin/run.js works on hosts too)
 *   bin/                   dcos-master.js, dcos-agent.js, dcos-supervise.js, run.js
 *   dist/                  the compiled runtime
 *   node_modules/          production dependencies only
 *   templates/             systemd units and other data
 *   BUNDLE.json            BundleInfo (without the sha256, which names the file)
 *
 * A plain (uncompressed) POSIX tar, reproducible: entries sorted by path, directories
 * before their contents, mode 0755 (directories, executables) or 0644, mtime
 * 2000-01-01T00:00:00Z, uid/gid 0 and no owner names; the same inputs give the same
 * SHA-256. Extract with `tar -xf` (GNU or BSD tar) or node-tar.
 */
export interface BundleInfo {
  /** package.json version of the CLI that built it. */
  version: string;
  /** process.version of the bundled node binary. */
  nodeVersion: string;
  /** process.platform / process.arch the bundle runs on (native modules are built for them). */
  platform: string;
  arch: string;
}

export interface Bundle extends BundleInfo {
  /** Absolute path of the tarball in the CLI's cache ($DCOS_DIR/bundles/<sha256>.tar). */
  path: string;
  sha256: string;
  size: number;
  /** True when ensureBundle found it in the cache instead of building it. */
  cached?: boolean;
}

/** The tarball's file name, in the CLI's cache and in <install>/bundles/ on hosts. */
export function bundleFileName(sha256: string): string {
  return `${sha256}.tar`;
}

/** The BundleInfo file at the root of the tarball (and of an extracted bundle). */
export const BUNDLE_INFO_FILE = 'BUNDLE.json';

/**
 * Progress of ensureBundle, for the CLI: `scan` while it lists the inputs (files =
 * inputs found so far), `pack` while it writes the tarball (bytes written of
 * totalBytes, the tarball's exact size), then one `done` (built now) or `cached` (found
 * in the cache; nothing was written), where bytes = totalBytes = the tarball's size.
 */
export interface BundleProgress {
  phase: 'scan' | 'pack' | 'done' | 'cached';
  files: number;
  bytes: number;
  totalBytes: number;
}
