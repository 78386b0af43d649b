import type { Bundle } from '../bundle/bundle.js';
import { allNodes, type ClusterSpec } from '../cluster-file/cluster-spec.js';
import { mapSettled } from '../ssh-cluster/events.js';
import { SshPool } from '../ssh/ssh-pool.js';
import type { SshConnector } from '../ssh/ssh-session.js';
import { unameArch } from './checks.js';
import { preflightHost, withCrossHostChecks, type HostPreflight } from './preflight.js';

/** `dcos cluster preflight`: every host in parallel, every check on each; a host that cannot be reached says why. */
export async function preflightCluster(spec: ClusterSpec, connector: SshConnector, bundle: Bundle): Promise<HostPreflight[]> {
  const pool = new SshPool(connector, { parallelism: spec.options.sshParallelism });
  const results = await mapSettled(allNodes(spec), spec.options.sshParallelism, async (node) =>
    preflightHost(await pool.get(node.ssh), spec, node, { arch: unameArch(bundle.arch), size: bundle.size })).finally(() => pool.closeAll());
  return withCrossHostChecks(results.map((r) => r.value ?? { node: r.item, error: r.error!.message, results: [] }));
}
