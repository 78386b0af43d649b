import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { LocalClusterState } from '../../provisioner/local/local-cluster.js';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { CliConfig, clusterNameProblem, type ClusterConfig } from '../../cli/config.js';
import { usageError } from '../../cli/errors.js';
import { progressMode, runSteps } from '../../cli/progress.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';

export default class ClusterUp extends DcosCommand {
  static summary = 'Start a cluster and attach to it';
  static description = `With --local, starts a master and N agents on this machine as background processes, each on its own loopback address (master 127.0.S.1:5050, agents 127.0.S.2…:5051, with the lowest free S), waits until every agent is registered, then records the cluster in $DCOS_DIR and attaches to it.

Running it again for a cluster stopped with \`cluster down --keep-state\` starts it again on its kept state.
Provisioning remote nodes over SSH from a cluster file is not supported yet.

For development, DCOS_LOCAL_MASTER_BIN and DCOS_LOCAL_AGENT_BIN replace the daemons' entry points (default: bin/dcos-master.js and bin/dcos-agent.js of this package).`;

  static examples = [
    '<%= config.bin %> <%= command.id %> --local',
    '<%= config.bin %> <%= command.id %> --local --agents 3 --name dev',
  ];

  static args = {
    file: Args.string({ ignoreStdin: true, description: 'cluster.yaml describing SSH nodes (not supported yet)', required: false }),
  };

  static flags = {
    local: Flags.boolean({ description: 'run the cluster on this machine' }),
    agents: Flags.integer({ description: 'number of agents', default: 2, min: 1, max: 253 }),
    name: Flags.string({ description: 'cluster name', default: 'local' }),
    json: Flags.boolean({ description: 'print progress and the result as NDJSON events' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ClusterUp);
    if (!flags.local) {
      throw usageError(args.file
        ? `provisioning a cluster over SSH from ${args.file} is not supported yet; use \`dcos cluster up --local\``
        : 'say where the cluster runs: `dcos cluster up --local` (clusters over SSH are not supported yet)');
    }
    if (args.file) throw usageError('--local takes no cluster file');
    const problem = clusterNameProblem(flags.name);
    if (problem) throw usageError(problem);

    const config = new CliConfig();
    if (await this.alreadyUp(config, flags.name, flags.json)) return;
    const previous = await this.stoppedState(config, flags.name);
    if (previous && flags.agents !== 2 && flags.agents !== previous.nodes.length - 1) {
      this.note(`cluster "${flags.name}" restarts with its ${previous.nodes.length - 1} agents; --agents applies to new clusters`);
    }
    const reservedBlocks = (await config.listClusters<LocalClusterState>())
      .filter((c) => c.name !== flags.name && c.local)
      .map((c) => c.local!.block);
    const clusterDir = await config.ensureClusterDir(flags.name);

    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const mode = progressMode({ json: flags.json });
    const { launchLocalCluster } = await import('../../provisioner/local/launcher.js');
    let result;
    try {
      result = await launchLocalCluster({
        name: flags.name,
        clusterDir,
        agents: flags.agents,
        reservedBlocks,
        previous,
        masterEntry: process.env.DCOS_LOCAL_MASTER_BIN || undefined,
        agentEntry: process.env.DCOS_LOCAL_AGENT_BIN || undefined,
        signal: abort.signal,
        run: (steps, ctx) => runSteps(steps, ctx, { mode }),
      });
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }

    const existing = await config.getCluster(flags.name);
    const cluster: ClusterConfig<LocalClusterState> = {
      name: flags.name,
      url: result.url,
      tokenFile: result.tokenFile,
      type: 'local',
      createdAt: existing?.createdAt ?? new Date().toISOString(),
      local: result.state,
    };
    await config.saveCluster(cluster);
    await config.attach(flags.name);

    const agents = result.state.nodes.length - 1;
    if (flags.json) {
      this.write(JSON.stringify({ time: new Date().toISOString(), event: 'ready', cluster }));
    } else {
      this.write(`Cluster "${flags.name}" is up: master ${result.url}, ${agents} agent${agents === 1 ? '' : 's'}; attached.`);
      this.note('Next: dcos node list, dcos marathon app add app.json, dcos cluster down');
    }
  }

  /**
   * `up` converges: a local cluster of that name that is already running and healthy is
   * left as it is (attached, exit 0), so scripts can run `cluster up` unconditionally.
   */
  private async alreadyUp(config: CliConfig, name: string, json: boolean): Promise<boolean> {
    const existing = await config.getCluster<LocalClusterState>(name);
    if (existing?.type !== 'local' || !existing.local) return false;
    const [{ localClusterStatus }, { readSecretFile }] = await Promise.all([
      import('../../provisioner/local/status.js'),
      import('../../provisioner/secrets.js'),
    ]);
    const status = await localClusterStatus(existing.local, await readSecretFile(existing.tokenFile));
    if (!status.healthy) return false;
    await config.attach(name);
    if (json) this.write(JSON.stringify({ time: new Date().toISOString(), event: 'unchanged', cluster: existing }));
    else this.write(`Cluster "${name}" is already up: master ${existing.url}, ${status.agents.length} agent${status.agents.length === 1 ? '' : 's'}; unchanged; attached.`);
    return true;
  }

  /** The kept state of a stopped cluster of that name; refuses a running or non-local one. */
  private async stoppedState(config: CliConfig, name: string): Promise<LocalClusterState | undefined> {
    const existing = await config.getCluster<LocalClusterState>(name);
    if (!existing) return undefined;
    if (existing.type !== 'local' || !existing.local) {
      throw new DcosError(ErrorCodes.CONFLICT, `a cluster named "${name}" already exists and is not local; choose another --name`);
    }
    const { runningNodes } = await import('../../provisioner/local/status.js');
    const running = await runningNodes(existing.local);
    if (running.length > 0) {
      throw new DcosError(
        ErrorCodes.CONFLICT,
        `cluster "${name}" is already running (${running.join(', ')}): see \`dcos cluster status --name ${name}\`, or stop it with \`dcos cluster down --name ${name}\``,
      );
    }
    return existing.local;
  }
}
