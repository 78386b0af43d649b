import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { LocalClusterState } from '../../provisioner/local/local-cluster.js';
import { DcosCommand } from '../../cli/base-command.js';
import { CliConfig, type ClusterConfig } from '../../cli/config.js';
import { refuseFlags, usageError } from '../../cli/errors.js';
import { progressMode, runSteps } from '../../cli/progress.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';

export default class ClusterDown extends DcosCommand {
  static summary = 'Stop a cluster and remove its install';
  static description = `Stops the master, then every agent (each with its supervisor first, so nothing restarts them), then ends the tasks the agents recorded, checks that no process of the cluster is left running, removes the cluster's directory (state, logs, credentials) and detaches from it. It stops only the processes the cluster started, each known by its pid and start time: never the shell it runs in nor any other process, whatever its directory or arguments.

With --keep-state the state, logs and configuration stay, and \`dcos cluster up --local --name NAME\` starts the cluster again where it was.

With FILE (a cluster provisioned over SSH): stops the masters, then the agents and every task process, and removes the install and the node config (with its secrets) from every host. The state directory (master database, agent sandboxes) stays unless --purge; --purge also forgets the cluster in the CLI (its secrets included).`;

  static examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --name dev --keep-state'];

  static args = { file: Args.string({ ignoreStdin: true, description: 'cluster.yaml of a cluster provisioned over SSH', required: false }) };

  static flags = {
    purge: Flags.boolean({ description: 'with FILE: also remove the state on every host and the cluster from the CLI' }),
    name: Flags.string({ description: 'cluster name (default: the attached cluster, else "local")' }),
    'keep-state': Flags.boolean({ description: 'keep the state, logs and configuration to start the cluster again later' }),
    json: Flags.boolean({ description: 'print progress and the result as NDJSON events' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterDown);
    const config = new CliConfig();
    if (args.file) {
      refuseFlags(flags, ['name', 'keep-state'], 'to a local cluster: a cluster file names its cluster, and `down FILE` keeps the state on the hosts unless --purge');
      return this.downFile(config, args.file, flags);
    }
    refuseFlags(flags, ['purge'], 'with a cluster file (dcos cluster down FILE --purge); a local cluster\'s state goes unless --keep-state');
    const name = flags.name ?? (await config.attachedName()) ?? 'local';
    const cluster = await config.getCluster<LocalClusterState>(name);
    if (!cluster) throw new DcosError(ErrorCodes.NOT_FOUND, `no cluster named "${name}" is configured in ${config.dir}`);
    if (cluster.type !== 'local' || !cluster.local) throw usageError(`cluster "${name}" is not a local cluster; only local clusters can be stopped for now`);

    const { stopLocalCluster } = await import('../../provisioner/local/teardown.js');
    const mode = progressMode({ json: flags.json });
    const report = await stopLocalCluster(cluster.local, { run: (steps, ctx) => runSteps(steps, ctx, { mode }) });
    if (report.problems.length > 0) {
      // The record stays, so that `cluster down` can be run again once the cause is dealt with.
      throw new DcosError(ErrorCodes.CLUSTER_STOP, `cluster "${name}" did not stop completely:\n${report.problems.map((p) => `  ${p}`).join('\n')}`);
    }

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
      const tasks = report.tasks.length;
      this.write(`Cluster "${name}" is down (${report.stopped.length} node${report.stopped.length === 1 ? '' : 's'} stopped, ${tasks} task${tasks === 1 ? '' : 's'} ended); ${where}.`);
    }
  }

  private async downFile(config: CliConfig, file: string, flags: { json: boolean; purge: boolean }): Promise<void> {
    const [{ openSshRun }, { clusterDown }, { createProvisionProgress }, { downSummary }, { allNodes }] = await Promise.all([
      import('../../provisioner/ssh-cluster/ssh-run.js'),
      import('../../provisioner/ssh-cluster/cluster-down.js'),
      import('../../cli/provision-progress.js'),
      import('../../cli/provision-report.js'),
      import('../../provisioner/cluster-file/cluster-spec.js'),
    ]);
    const run = await openSshRun(file, { dcosDir: config.dir, clusterDir: (name) => config.ensureClusterDir(name), onHostKeyRecorded: (m) => this.note(m) });
    const progress = createProvisionProgress({
      mode: progressMode({ json: flags.json }), hosts: allNodes(run.spec).map((n) => ({ name: n.name, host: n.ssh.host })), stages: ['connect', 'stop', 'remove'],
    });
    let result;
    try {
      result = await clusterDown({ spec: run.spec, connector: run.connector, purge: flags.purge, events: progress.listener });
    } finally {
      await progress.done();
    }
    if ((await config.attachedName()) === run.spec.name) await config.detach();
    if (flags.purge && result.ok) await config.removeCluster(run.spec.name);
    if (flags.json) this.write(JSON.stringify({ time: new Date().toISOString(), event: 'down', name: run.spec.name, purged: flags.purge, ok: result.ok, hosts: result.hosts.map((h) => ({ ...h, node: h.node.name })) }));
    else this.write(downSummary(result, (names) => `dcos cluster down ${file}${flags.purge ? ' --purge' : ''}  # failed on ${names.join(', ')}`));
    if (!result.ok) throw new DcosError(ErrorCodes.PROVISION, `cluster down failed on ${result.hosts.filter((h) => !h.ok).map((h) => h.node.name).join(', ')}`);
  }
}
