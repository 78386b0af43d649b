import * as Flags from '@oclif/core/flags';
import type { LocalClusterState } from '../../provisioner/local/local-cluster.js';
import { DcosCommand } from '../../cli/base-command.js';
import { CliConfig, type ClusterConfig } from '../../cli/config.js';
import { usageError } from '../../cli/errors.js';
import { progressMode, runSteps } from '../../cli/progress.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';

export default class ClusterDown extends DcosCommand {
  static summary = 'Stop a local cluster and remove it';
  static description = `Stops every agent (killing their tasks first), then the master, checks that no process of the cluster is left running, removes the cluster's directory (state, logs, credentials) and detaches from it.

With --keep-state the state, logs and configuration stay, and \`dcos cluster up --local --name NAME\` starts the cluster again where it was.`;

  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --name dev --keep-state'];

  static flags = {
    name: Flags.string({ description: 'cluster name (default: the attached cluster, else "local")' }),
    'keep-state': Flags.boolean({ description: 'keep the state, logs and configuration to start the cluster again later' }),
    json: Flags.boolean({ description: 'print progress and the result as NDJSON events' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(ClusterDown);
    const config = new CliConfig();
    const name = flags.name ?? (await config.attachedName()) ?? 'local';
    const cluster = await config.getCluster<LocalClusterState>(name);
    if (!cluster) throw new DcosError(ErrorCodes.NOT_FOUND, `no cluster named "${name}" is configured in ${config.dir}`);
    if (cluster.type !== 'local' || !cluster.local) throw usageError(`cluster "${name}" is not a local cluster; only local clusters can be stopped for now`);

    const { stopLocalCluster } = await import('../../provisioner/local/teardown.js');
    const mode = progressMode({ json: flags.json });
    const report = await stopLocalCluster(cluster.local, config.clusterDir(name), { run: (steps, ctx) => runSteps(steps, ctx, { mode }) });

    if (flags['keep-state']) {
      const stopped: ClusterConfig<LocalClusterState> = {
        ...cluster,
        local: { ...cluster.local, status: 'stopped', stoppedAt: new Date().toISOString() },
      };
      await config.saveCluster(stopped);
      if ((await config.attachedName()) === name) await config.detach();
    } else {
      await config.removeCluster(name);
    }

    if (flags.json) {
      this.write(JSON.stringify({ time: new Date().toISOString(), event: 'down', name, keptState: flags['keep-state'], ...report }));
    } else {
      const where = flags['keep-state'] ? `its state is kept in ${config.clusterDir(name)}` : 'its state was removed';
      this.write(`Cluster "${name}" is down (${report.stopped.length} processes stopped); ${where}.`);
      if (report.strays.length > 0) this.note(`killed ${report.strays.length} leftover processes: ${report.strays.join(', ')}`);
    }
  }
}
