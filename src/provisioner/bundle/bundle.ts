/**
 * The runtime the CLI carries to every host: one tarball, the same bits everywhere,
 * named and verified by its SHA-256.
 *
 * Layout inside the tarball (extracted to <install>/versions/<sha256>/):
 *   node/bin/node          the Node binary the CLI runs on (hosts need no Node of their own)
 *   package.json
 *   bin/                   dcos-master.js, dcos-agent.js, dcos-supervise.js, run.js
 *   dist/                  the compiled runtime
 *   node_modules/          production dependencies only
 *   templates/             systemd units and other data
 *   BUNDLE.json            BundleInfo (without the sha256, which names the file)
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
}
