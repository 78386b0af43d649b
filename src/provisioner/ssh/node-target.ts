import type { NodeRole, SshTarget } from '../cluster-file/cluster-spec.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';

/**
 * A node of an SSH cluster as the CLI keeps it in $DCOS_DIR/clusters/<name>/cluster.json
 * (`ssh.nodes`, written by `cluster up`): enough to reach it again without cluster.yaml.
 */
export interface SshNodeRecord {
  name: string;
  role: NodeRole;
  address: string;
  ssh: SshTarget;
}

/** What `dcos node list` shows of an agent: its Mesos id and the address it registered with. */
export interface AgentRef {
  id: string;
  hostname: string;
}

/** Mesos agent ids: `<uuid>-S<n>` (core/ids.ts newAgentId). Only these cost a request to the master. */
const MESOS_AGENT_ID = /^[0-9a-f-]+-S\d+$/i;

/**
 * The node `query` names: a node name (master-1, agent-2), an address (the daemons' or
 * the SSH host), or a Mesos agent id from `dcos node list`. `agents` is only asked for
 * when the query is neither a name nor an address and looks like an agent id.
 */
export async function resolveSshNode(
  clusterName: string, nodes: SshNodeRecord[], query: string, agents: () => Promise<AgentRef[]>,
): Promise<SshNodeRecord> {
  const byName = nodes.find((n) => n.name === query);
  if (byName) return byName;
  const q = query.toLowerCase();
  const byAddress = nodes.filter((n) => n.address.toLowerCase() === q || n.ssh.host.toLowerCase() === q);
  if (byAddress.length === 1) return byAddress[0];
  if (byAddress.length > 1) {
    throw new DcosError(ErrorCodes.BAD_REQUEST,
      `${query} is the address of several nodes of cluster "${clusterName}" (${byAddress.map((n) => n.name).join(', ')}): name one of them`);
  }
  const agent = MESOS_AGENT_ID.test(query) ? (await agents()).find((a) => a.id === query) : undefined;
  if (agent) {
    const node = nodes.find((n) => n.role !== 'master' && (n.address === agent.hostname || n.ssh.host === agent.hostname));
    if (node) return node;
    throw new DcosError(ErrorCodes.NOT_FOUND,
      `agent ${query} (${agent.hostname}) is not one of the nodes cluster "${clusterName}" was provisioned with`);
  }
  throw new DcosError(ErrorCodes.NOT_FOUND,
    `no node "${query}" in cluster "${clusterName}": give a node name (${nodes.map((n) => n.name).join(', ')}), an address, or an agent id from \`dcos node list\``);
}
