import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import type { LocalClusterState } from '../../provisioner/local/local-cluster.js';
import { DcosCommand, jsonFlag } from '../../cli/base-command.js';
import { CliConfig, clusterNameProblem, type ClusterConfig } from '../../cli/config.js';
import { refuseFlags, usageError } from '../../cli/errors.js';
import { progressMode, runSteps } from '../../cli/progress.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import type { AgentAddition } from '../../provisioner/cluster-file/add-agent.js';

/** Where provisionFile prints: a command's write (stdout) and note (stderr). */
export interface CommandOutput {
  write(text: string): void;
  note(text: string): void;
}

/** The flags of `cluster up FILE`, which add-node shares. */
export interface ProvisionFlags {
  json: boolean;
  'dry-run'?: boolean;
  only?: string;
  verify?: boolean;
  rolling?: boolean;
  'allow-downgrade'?: boolean;
}

export default class ClusterUp extends DcosCommand {
  static summary = 'Provision a cluster from a cluster file over SSH, or start a local one, and attach to it';
  static description = `With --local, starts a master and N agents on this machine as background processes, each on its own loopback address (master 127.0.S.1:5050, agents 127.0.S.2…:5051, with the lowest free S), waits until every agent is registered, then records the cluster in $DCOS_DIR and attaches to it.

With --notify-webhook-file FILE (a file holding a Slack-compatible incoming webhook URL, e.g. Slack's or Mattermost's), the master posts deployments that succeeded or failed, unhealthy tasks it killed and tasks that failed there, with the apps' labels; the URL is kept in a 0600 file of the cluster's directory, never in a command line, and is used again when the cluster restarts.

Each daemon runs under dcos-supervise, which restarts it when it dies. Running it again converges: for a cluster stopped with \`cluster down --keep-state\` it starts everything again on the kept state; for a partly running cluster it starts only what is missing (a dead daemon's supervisor, a dead supervisor) and leaves every running daemon and task alone, saying which nodes it started and which it left alone.

With FILE (cluster.yaml, see \`dcos cluster validate\`), provisions its hosts over SSH: preflight on every host, then upload the runtime bundle (skipped where the host has it), install it into a versioned directory, write node config and secrets (0600), start masters then agents (systemd units, or dcos-supervise without systemd), and prove the cluster works (leader answers, every agent registered, a canary task runs and is removed). Running it again changes only what differs; a healthy cluster is left unchanged. When the hosts run another runtime than this CLI carries, it is replaced the rolling way of \`cluster upgrade\` (masters one at a time, then agents in batches; tasks keep running); a runtime older than the installed one is refused unless --allow-downgrade. A failure on one host never stops the others: the summary names the failed hosts and the command to retry just them (--only). --dry-run prints what would change on each host.

For development, DCOS_LOCAL_MASTER_BIN and DCOS_LOCAL_AGENT_BIN replace the daemons' entry points (default: bin/dcos-master.js and bin/dcos-agent.js of this package), and DCOS_LOCAL_BLOCK=S asks for the addresses 127.0.S.x when they are free (benchmarks and parallel test runs keep to their own block).`;

  static examples = [
    '<%= config.bin %> <%= command.id %> --local',
    '<%= config.bin %> <%= command.id %> --local --agents 3 --name dev',
    '<%= config.bin %> <%= command.id %> --local --notify-webhook-file ~/.dcos/webhook-url',
  ];

  static args = {
    file: Args.string({ ignoreStdin: true, description: 'cluster.yaml describing the hosts to provision over SSH', required: false }),
  };

  static flags = {
    local: Flags.boolean({ description: 'run the cluster on this machine' }),
    agents: Flags.integer({ description: 'with --local: number of agents (default 2)', min: 1, max: 253 }),
    name: Flags.string({ description: 'with --local: cluster name (default "local")' }),
    'notify-webhook-file': Flags.string({
      description: 'with --local: a file holding a Slack-compatible incoming webhook URL; the master posts deployments and failures there (with a cluster file: `notifications` in it)',
    }),
    json: Flags.boolean({ description: 'print progress and the result as NDJSON events' }),
    'dry-run': Flags.boolean({ description: 'with FILE: connect and print what would change on each host; change nothing' }),
    only: Flags.string({ description: 'with FILE: work only on these nodes (names or hosts, comma-separated)' }),
    verify: Flags.boolean({ description: 'with FILE: run the canary task even when nothing changed' }),
    rolling: Flags.boolean({ hidden: true, description: 'restart masters one at a time, then agents in batches (cluster upgrade)' }),
    'allow-downgrade': Flags.boolean({ description: 'with FILE: replace a newer runtime on the hosts with this CLI\'s older one (rolling)' }),
  };

  async run(): Promise<void> {
    const { args, flags: parsed } = await this.parse(ClusterUp);
    if (!parsed.local && args.file) {
      refuseFlags(parsed, ['agents', 'name'], 'with --local: a cluster file names its cluster and its hosts');
      refuseFlags(parsed, ['notify-webhook-file'], 'with --local: a cluster file sets `notifications.webhookUrlFile`');
      return provisionFile({ write: (t) => this.write(t), note: (t) => this.note(t) }, args.file, parsed);
    }
    if (!parsed.local) throw usageError('say where the cluster runs: `dcos cluster up cluster.yaml` (over SSH) or `dcos cluster up --local`');
    if (args.file) throw usageError('--local takes no cluster file');
    refuseFlags(parsed, ['dry-run', 'only', 'verify', 'rolling', 'allow-downgrade'], 'with a cluster file (dcos cluster up FILE), not with --local');
    const flags = { ...parsed, agents: parsed.agents ?? 2, name: parsed.name ?? 'local' };
    const problem = clusterNameProblem(flags.name);
    if (problem) throw usageError(problem);
    const block = preferredBlock();

    const config = new CliConfig();
    const previous = await this.recordedState(config, flags.name);
    const recordedAgents = previous ? previous.nodes.length - 1 : undefined;
    if (recordedAgents !== undefined && parsed.agents !== undefined && parsed.agents !== recordedAgents) {
      throw usageError(`cluster "${flags.name}" has ${recordedAgents} agent${recordedAgents === 1 ? '' : 's'}; --agents ${parsed.agents} cannot change that (\`dcos cluster down --name ${flags.name}\` first, or choose another --name)`);
    }
    // A webhook for a running master is the launcher's to refuse: it would otherwise be left unused.
    if (!flags['notify-webhook-file'] && await this.alreadyUp(config, flags.name, flags.json)) return;
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
        preferredBlock: block,
        previous,
        notifyWebhookUrlFile: flags['notify-webhook-file'],
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
      this.write(JSON.stringify({ time: new Date().toISOString(), event: 'ready', cluster, nodes: result.nodes }));
      return;
    }
    this.write(`Cluster "${flags.name}" is up: master ${result.url}, ${agents} agent${agents === 1 ? '' : 's'}; attached.`);
    if (previous) {
      const named = (action: string) => result.nodes.filter((n) => n.action === action).map((n) => n.name);
      for (const [label, names] of [['started', named('started')], ['supervisor restarted, daemon kept', named('supervised')], ['left alone', named('unchanged')]] as const) {
        if (names.length > 0) this.write(`  ${label}: ${names.join(', ')}`);
      }
    } else {
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

  /** The recorded state of the local cluster of that name (stopped or partly running), to converge; refuses a non-local one. */
  private async recordedState(config: CliConfig, name: string): Promise<LocalClusterState | undefined> {
    const existing = await config.getCluster<LocalClusterState>(name);
    if (!existing) return undefined;
    if (existing.type !== 'local' || !existing.local) {
      throw new DcosError(ErrorCodes.CONFLICT, `a cluster named "${name}" already exists and is not local; choose another --name`);
    }
    return existing.local;
  }
}

/**
 * Provisions the hosts of a cluster file over SSH, then attaches to the cluster. With
 * `addition` (cluster add-node), the file as it will be with the new node is
 * provisioned, and written only once that succeeded.
 */
export async function provisionFile(out: CommandOutput, file: string, flags: ProvisionFlags, addition?: { edit: AgentAddition; retry: string }): Promise<void> {
  const config = new CliConfig();
  const [{ openSshRun, sshRecord }, { clusterUp, selectNodes }, { createProvisionProgress }, report] = await Promise.all([
    import('../../provisioner/ssh-cluster/ssh-run.js'),
    import('../../provisioner/ssh-cluster/cluster-up.js'),
    import('../../cli/provision-progress.js'),
    import('../../cli/provision-report.js'),
  ]);
  const mode = progressMode({ json: flags.json });
  const run = await openSshRun(file, {
    dcosDir: config.dir, clusterDir: (name) => config.ensureClusterDir(name), withBundle: true, onHostKeyRecorded: (m) => out.note(m), spec: addition?.edit.spec,
  });
  const only = flags.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const nodes = selectNodes(run.spec, only);
  if (only && nodes.length === 0) throw usageError(`--only ${flags.only}: no such node in ${file} (nodes: ${selectNodes(run.spec).map((n) => n.name).join(', ')})`);
  if (mode !== 'json') out.note(`bundle ${run.bundle!.sha256.slice(0, 12)} (${(run.bundle!.size / 1048576).toFixed(0)} MiB${run.bundle!.cached ? ', cached' : ''})`);
  const progress = createProvisionProgress({
    mode, hosts: nodes.map((n) => ({ name: n.name, host: n.ssh.host })), stages: ['connect', 'plan', 'preflight', 'upload', 'install', 'configure', 'start'],
  });
  let result;
  try {
    result = await clusterUp({
      spec: run.spec, connector: run.connector, bundle: run.bundle!, secrets: run.secrets, only, dryRun: flags['dry-run'],
      verify: flags.verify, rolling: flags.rolling, allowDowngrade: flags['allow-downgrade'], events: progress.listener,
    });
  } finally {
    await progress.done();
  }
  if (addition && result.ok) await addition.edit.commit();
  // The record names every node (dcos node ssh): with a node being added, only once it is in the file.
  const masterRuns = result.hosts.some((h) => h.node.role === 'master' && h.status !== 'failed');
  if (!flags['dry-run'] && (addition ? result.ok : masterRuns || result.ok)) {
    const existing = await config.getCluster(run.spec.name);
    await config.saveCluster({
      name: run.spec.name, url: result.masterUrl, tokenFile: run.tokenFile, type: 'ssh',
      createdAt: existing?.createdAt ?? new Date().toISOString(), ssh: sshRecord(run.spec),
    });
    await config.attach(run.spec.name);
  }
  const retry = (names: string[]) => addition?.retry ?? `dcos cluster up ${file} --only ${names.join(',')}`;
  if (flags.json) {
    const hosts = result.hosts.map(({ preflight, ...h }) => ({ ...h, node: h.node.name, warnings: (preflight?.results ?? []).filter((r) => r.status === 'warn') }));
    out.write(JSON.stringify({ time: new Date().toISOString(), event: 'result', ...result, hosts }));
  } else {
    out.write(flags['dry-run'] ? report.planText(result) : report.upSummary(result, retry));
    if (addition && result.ok) out.note(`added ${addition.edit.name} to ${file}`);
  }
  if (!result.ok) {
    const failed = result.hosts.filter((h) => h.status === 'failed').map((h) => h.node.name);
    const unchanged = addition ? `; ${file} was not changed` : '';
    throw new DcosError(ErrorCodes.PROVISION, failed.length > 0
      ? `provisioning failed on ${failed.join(', ')}${unchanged}; retry just them: ${retry(failed)}`
      : `the cluster did not pass postflight: ${result.postflightError}${unchanged}`);
  }
}

/** DCOS_LOCAL_BLOCK: the loopback block to take first, 1..254. */
function preferredBlock(): number | undefined {
  const text = process.env.DCOS_LOCAL_BLOCK;
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 254) throw usageError(`DCOS_LOCAL_BLOCK must be an integer from 1 to 254, got "${text}"`);
  return n;
}
