import * as Flags from '@oclif/core/flags';
import type { LocalClusterState } from '../../provisioner/local/local-cluster.js';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { CliConfig, type ClusterConfig } from '../../cli/config.js';
import { usageError } from '../../cli/errors.js';
import { formatTable } from '../../cli/table.js';

export default class ClusterStatus extends DcosCommand {
  static summary = "Show whether a cluster's master answers and its agents are registered";
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --name dev --json'];

  static flags = {
    name: Flags.string({ description: 'cluster name (default: the attached cluster)' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterStatus);
    const config = new CliConfig();
    const cluster = await config.resolveCluster<LocalClusterState>(flags.name);
    if (cluster.type === 'ssh' && cluster.ssh) return this.sshStatus(config, cluster, flags.json);
    if (cluster.type !== 'local' || !cluster.local) throw usageError(`cluster "${cluster.name}" has no record of its nodes`);
    const { localClusterStatus } = await import('../../provisioner/local/status.js');
    const token = await config.readToken(cluster).catch(() => '');
    const status = await localClusterStatus(cluster.local, token);
    const out = { name: cluster.name, type: cluster.type, state: cluster.local.status, attached: (await config.attachedName()) === cluster.name, ...status };
    if (flags.json) return this.printJson(out);

    const summary = status.healthy ? 'healthy' : cluster.local.status === 'stopped' ? 'stopped (state kept)' : 'NOT healthy';
    this.write(`Cluster "${cluster.name}": ${summary}, master ${status.masterUrl}${out.attached ? ' (attached)' : ''}`);
    const rows = [
      { ...status.master, state: status.master.ping ? 'answers /ping' : 'no answer' },
      ...status.agents.map((a) => ({ ...a, state: a.registered ? (a.active ? 'registered, active' : 'registered, inactive') : 'not registered' })),
    ];
    this.write(formatTable(
      [
        { header: 'node', get: (r) => r.name },
        { header: 'address', get: (r) => r.address },
        { header: 'pid', get: (r) => r.pid, align: 'right' },
        { header: 'process', get: (r) => (r.running ? 'running' : 'stopped') },
        { header: 'supervisor', get: (r) => (r.supervised ? `pid ${r.supervisorPid}` : 'not running') },
        { header: 'state', get: (r) => r.state },
      ],
      rows,
    ));
    if (status.stateError) this.note(`cannot read the master's state: ${status.stateError}`);
  }

  /** A cluster provisioned over SSH: the master's view of each node of the cluster file. */
  private async sshStatus(config: CliConfig, cluster: ClusterConfig, json: boolean): Promise<void> {
    const { MasterClient } = await import('../../api/master-client.js');
    const master = new MasterClient({ baseUrl: cluster.url, token: await config.readToken(cluster), timeoutMs: 5_000 });
    const ping = await master.ping();
    const state = ping ? await master.state().catch(() => undefined) : undefined;
    const nodes = cluster.ssh!.nodes.map((n) => {
      const slave = state?.slaves.find((s) => s.hostname === n.address);
      const status = n.role === 'master' ? (ping ? 'answers /ping' : 'no answer') : slave ? (slave.active ? 'registered, active' : `registered, ${slave.status.toLowerCase()}`) : 'not registered';
      return { name: n.name, role: n.role, address: n.address, agentId: slave?.id ?? null, status };
    });
    const healthy = ping && nodes.every((n) => n.role === 'master' || n.status === 'registered, active');
    const attached = (await config.attachedName()) === cluster.name;
    if (json) return this.printJson({ name: cluster.name, type: cluster.type, attached, healthy, masterUrl: cluster.url, file: cluster.ssh!.file, nodes });
    this.write(`Cluster "${cluster.name}": ${healthy ? 'healthy' : 'NOT healthy'}, master ${cluster.url}${attached ? ' (attached)' : ''}`);
    this.write(formatTable(
      [
        { header: 'node', get: (r) => r.name },
        { header: 'role', get: (r) => r.role },
        { header: 'address', get: (r) => r.address },
        { header: 'state', get: (r) => r.status },
      ],
      nodes,
    ));
  }
}
