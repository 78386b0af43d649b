import { join } from 'node:path';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import type { Bundle, BundleProgress } from '../bundle/bundle.js';
import { ensureBundle } from '../bundle/ensure-bundle.js';
import { loadClusterFile } from '../cluster-file/cluster-file.js';
import { allNodes, type ClusterSpec } from '../cluster-file/cluster-spec.js';
import { notifierConfigText } from '../notifier-secret.js';
import { packageRoot } from '../package-root.js';
import { ensureSecretFile, readSecretFile } from '../secrets.js';
import { HostKeyStore } from '../ssh/host-key-store.js';
import { Ssh2Connector } from '../ssh/ssh2-connector.js';
import type { SshConnector } from '../ssh/ssh-session.js';
import type { ClusterSecrets } from './cluster-up.js';

/**
 * Everything a command needs to work on a cluster file over SSH: the validated spec, the
 * cluster's secrets (generated once, kept in the CLI's cluster directory, mode 0600; the
 * notifier's config from the webhook URL file cluster.yaml names, read each time),
 * the runtime bundle, and an SSH connector that verifies host keys against
 * $DCOS_DIR/known_hosts (trust on first use) and the user's known_hosts.
 */
export interface SshRun {
  spec: ClusterSpec;
  secrets: ClusterSecrets;
  tokenFile: string;
  connector: SshConnector;
  bundle?: Bundle;
}

export interface SshRunOptions {
  dcosDir: string;
  /** The CLI's directory for this cluster (created by the caller): secrets live there. */
  clusterDir: (name: string) => Promise<string>;
  /** Build (or find) the bundle: up, upgrade, add-node and preflight (its size and arch) need it. */
  withBundle?: boolean;
  onBundleProgress?: (p: BundleProgress) => void;
  /** Told when a host key is trusted on first use ("recorded host key SHA256:… for root@host:22"). */
  onHostKeyRecorded?: (message: string) => void;
  /** The cluster to work on instead of the file's (add-node: the file as it will be with the new node). */
  spec?: ClusterSpec;
}

export async function loadSpec(file: string): Promise<ClusterSpec> {
  const spec = await loadClusterFile(file);
  if (spec.masters.length > 1) {
    throw new DcosError(ErrorCodes.BAD_REQUEST, `${file}: ${spec.masters.length} masters: several masters keep their state in etcd, which cluster up does not set up yet; use 1 master`);
  }
  return spec;
}

export async function openSshRun(file: string, o: SshRunOptions): Promise<SshRun> {
  const spec = o.spec ?? await loadSpec(file);
  const dir = await o.clusterDir(spec.name);
  const tokenFile = join(dir, 'token');
  const nodeTokenFile = join(dir, 'node-token');
  await ensureSecretFile(tokenFile);
  await ensureSecretFile(nodeTokenFile);
  const secrets: ClusterSecrets = { token: await readSecretFile(tokenFile), nodeToken: await readSecretFile(nodeTokenFile) };
  if (spec.notifications) secrets.notifierConfig = await notifierConfigText(spec.notifications.webhookUrlFile, spec.notifications.events);
  const trust = new HostKeyStore({ storeFile: join(o.dcosDir, 'known_hosts') });
  const connector = new Ssh2Connector({ trust, readyTimeoutMs: spec.options.connectTimeoutMs, onRecorded: o.onHostKeyRecorded });
  const bundle = o.withBundle
    ? await ensureBundle({ packageRoot: packageRoot(), cacheDir: join(o.dcosDir, 'bundles'), onProgress: o.onBundleProgress })
    : undefined;
  return { spec, secrets, tokenFile, connector, bundle };
}

/** What `dcos node ssh` and `cluster down` need to find the nodes again later. */
export function sshRecord(spec: ClusterSpec) {
  return {
    file: spec.file,
    nodes: allNodes(spec).map((n) => ({ name: n.name, role: n.role, address: n.address, ssh: n.ssh })),
  };
}
