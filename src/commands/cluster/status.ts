import * as Flags from '@oclif/core/flags';
import type { LocalClusterState } from '../../provisioner/local/local-cluster.js';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { CliConfig } from '../../cli/config.js';
import { usageError } from '../../cli/errors.js';
import { formatTable } from '../../cli/table.js';

export default class ClusterStatus extends DcosCommand {
  static summary = 'Show whether the processes of a local cluster are running and registered';
  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --name dev --json'];

  static flags = {
    name: Flags.string({ description: 'cluster name (default: the attached cluster)' }),
    json: jsonFlag,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterStatus);
    const config = new CliConfig();
    const cluster = await config.resolveCluster<LocalClusterState>(flags.name);
    if (cluster.type !== 'local' || !cluster.local) throw usageError(`cluster "${cluster.name}" is not a local cluster; status covers local clusters for now`);
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
        { header: 'state', get: (r) => r.state },
      ],
      rows,
    ));
    if (status.stateError) this.note(`cannot read the master's state: ${status.stateError}`);
  }
}
