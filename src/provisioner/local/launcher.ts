import { mkdir, rm } from 'node:fs/promises';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { blockAddresses, canBind, chooseAddressBlock, MAX_AGENTS, type BlockAddresses } from './address-block.js';
import {
  agentsOf, clusterFiles, DEFAULT_AGENT_PORTS, masterOf, nodeLayout, type LocalClusterState, type LocalNode,
} from './local-cluster.js';
import { tailFile } from './log-tail.js';
import { daemonEntryPoints } from '../package-root.js';
import { isRunningAs } from './process-identity.js';
import { AddressTakenError, assertAllAlive, waitForAgents, waitForMasterPing, type Watched } from './readiness.js';
import { notifierConfigText } from '../notifier-secret.js';
import { ensureSecretFile, readSecretFile, writeSecretFile } from '../secrets.js';
import { runSequentially, type Step, type StepRunner } from './steps.js';
import { nodeProcesses, startSupervisor, stopNode, type NodeProcesses } from './supervised-node.js';

/**
 * `dcos cluster up --local`: a master and N agents on their own loopback addresses
 * (see address-block.ts), each with its own state directory and each kept running by
 * its own dcos-supervise (supervised-node.ts), ready when every agent is registered and
 * active.
 *
 * It converges: for a cluster recorded before (`previous`: stopped with --keep-state,
 * or partly running) every node whose supervisor runs is left alone, a node whose
 * supervisor died gets a new one that keeps its still-running daemon, and only the
 * rest are started; running tasks are never touched. On any failure (a daemon exiting,
 * a timeout, an abort) what this run started from nothing is stopped, a fresh
 * cluster's directory removed, and the error carries the failing daemon's log tail.
 */
export interface LaunchOptions {
  name: string;
  /** Directory for the credentials and the nodes (created if absent). */
  clusterDir: string;
  /** Number of agents (default 2). */
  agents?: number;
  /** Blocks other clusters of this DCOS_DIR record. */
  reservedBlocks?: number[];
  /** Loopback block 127.0.S.0/24 to take when it is free (default: the lowest free one). */
  preferredBlock?: number;
  /** Task port range of every agent (default 31000-32000). */
  agentPorts?: string;
  /**
   * A file holding a Slack-compatible webhook URL: the master posts deployments and
   * failures there (core/notifier-config.ts). Read here; the master gets it as
   * notifier.json (0600) in the cluster's directory, also on later restarts. Refused
   * while the master runs: it reads its config when it starts.
   */
  notifyWebhookUrlFile?: string;
  /** The cluster recorded under this name: stopped (`down --keep-state`) or partly running. */
  previous?: LocalClusterState;
  masterReadyTimeoutMs?: number;
  registrationTimeoutMs?: number;
  /** Daemon entry points (default: bin/dcos-master.js, bin/dcos-agent.js of this package). */
  masterEntry?: string;
  agentEntry?: string;
  /** Cancels start-up (e.g. on SIGINT); cleanup runs as on failure. */
  signal?: AbortSignal;
  /** Shows progress; default runs the steps silently. */
  run?: StepRunner;
  /** Address probe, for tests (default: bind). */
  isFree?: (host: string, port: number) => Promise<boolean>;
}

/**
 * What `up` did with a node: `started` its daemon (under a new supervisor);
 * `supervised` its still-running daemon under a new supervisor (the old one had died;
 * the daemon keeps its pid); or `unchanged` (its supervisor runs, and restarts the
 * daemon if it is down).
 */
export interface NodeOutcome {
  name: string;
  action: 'started' | 'supervised' | 'unchanged';
}

export interface LaunchResult {
  url: string;
  tokenFile: string;
  state: LocalClusterState;
  nodes: NodeOutcome[];
}

interface LaunchContext {
  state?: LocalClusterState;
  /** What ran of each node before this run. */
  before: Map<string, NodeProcesses>;
  watched: Watched[];
  outcomes: NodeOutcome[];
  createdDir: boolean;
}

/** How often the master is retried on another block when its address was taken meanwhile. */
const BIND_RETRIES = 3;

export async function launchLocalCluster(opts: LaunchOptions): Promise<LaunchResult> {
  const agentCount = opts.previous ? agentsOf(opts.previous).length : opts.agents ?? 2;
  if (!Number.isInteger(agentCount) || agentCount < 1 || agentCount > MAX_AGENTS) {
    throw new DcosError(ErrorCodes.BAD_REQUEST, `--agents must be an integer from 1 to ${MAX_AGENTS}, got ${agentCount}`);
  }
  const entries = { ...daemonEntryPoints(), ...(opts.masterEntry ? { master: opts.masterEntry } : {}), ...(opts.agentEntry ? { agent: opts.agentEntry } : {}) };
  const files = clusterFiles(opts.clusterDir);
  const reserved = new Set(opts.reservedBlocks ?? []);
  const ctx: LaunchContext = { before: new Map(), watched: [], outcomes: [], createdDir: !opts.previous };
  const wait = { signal: opts.signal };

  const prepare = async (c: LaunchContext, report: (m: string) => void) => {
    const notifierConfig = opts.notifyWebhookUrlFile ? await notifierConfigText(opts.notifyWebhookUrlFile) : undefined;
    await mkdir(files.nodesDir, { recursive: true, mode: 0o700 });
    await ensureSecretFile(files.tokenFile);
    await ensureSecretFile(files.nodeTokenFile);
    if (opts.previous) {
      c.state = stateFor(opts, blockAddresses(opts.previous.block, agentCount), agentCount);
      for (const n of c.state.nodes) c.before.set(n.name, await nodeProcesses(n));
      if (notifierConfig && isUp(c.before.get(masterOf(c.state).name))) {
        throw new DcosError(ErrorCodes.BAD_REQUEST, `the master of cluster "${opts.name}" runs, and reads --notify-webhook-file only when it starts: \`dcos cluster down --name ${opts.name} --keep-state\` first`);
      }
      await assertFreeForRestart(opts, c.state.nodes.filter((n) => !isUp(c.before.get(n.name))));
    } else {
      c.state = stateFor(opts, await pickBlock(agentCount, reserved, opts), agentCount);
    }
    for (const n of c.state.nodes) await mkdir(n.stateDir, { recursive: true, mode: 0o700 });
    if (notifierConfig) await writeSecretFile(files.notifierConfigFile, notifierConfig);
    report(`addresses 127.0.${c.state.block}.1-${agentCount + 1}`);
  };

  /** Starts what the node lacks (see NodeOutcome), says what it did, and watches the node. */
  const ensureNode = async (c: LaunchContext, node: LocalNode, command: string[], report: (m: string) => void): Promise<Watched> => {
    const { supervisor: running, daemon } = c.before.get(node.name) ?? {};
    const supervisor = running ? undefined : await startSupervisor({ node, supervisorEntry: entries.supervisor, command, adopt: true });
    const action: NodeOutcome['action'] = running ? 'unchanged' : daemon ? 'supervised' : 'started';
    const watched: Watched = { node, supervisor, daemon };
    if (daemon) node.pid = daemon.pid;
    c.watched.push(watched);
    c.outcomes.push({ name: node.name, action });
    const at = `${node.name} ${node.host}:${node.port}`;
    report(action === 'started' ? `${at}: started`
      : action === 'supervised' ? `${at}: still running (pid ${daemon!.pid}, kept); its supervisor restarted`
      : `${at}: running under its supervisor${daemon ? ` (pid ${daemon.pid})` : ''}, left alone`);
    return watched;
  };

  const startMaster = async (c: LaunchContext, report: (m: string) => void) => {
    for (let attempt = 1; ; attempt++) {
      const master = masterOf(c.state!);
      const watched = await ensureNode(c, master, [process.execPath, entries.master, ...masterArgs(master, c.state!, opts.name)], report);
      try {
        await waitForMasterPing(watched, { ...wait, token: await readSecretFile(files.tokenFile), timeoutMs: opts.masterReadyTimeoutMs ?? 30_000 });
        return;
      } catch (err) {
        // Another run took the address between our probe and the master's bind: move on.
        const lostRace = err instanceof AddressTakenError
          || (watched.daemon && !isRunningAs(watched.daemon) && (await tailFile(master.logFile, 20)).some((l) => l.includes('EADDRINUSE')));
        if (!lostRace || attempt >= BIND_RETRIES || opts.previous) throw err;
        await stopNode(master, 2_000, watched.supervisor);
        c.watched = c.watched.filter((w) => w !== watched);
        c.outcomes = c.outcomes.filter((o) => o.name !== master.name);
        reserved.add(c.state!.block);
        c.state = stateFor(opts, await pickBlock(agentCount, reserved, opts), agentCount);
        for (const n of c.state.nodes) await mkdir(n.stateDir, { recursive: true, mode: 0o700 });
        report(`address taken, retrying on 127.0.${c.state.block}.1`);
      }
    }
  };

  const startAgents = async (c: LaunchContext, report: (m: string) => void) => {
    for (const agent of agentsOf(c.state!)) {
      await ensureNode(c, agent, [process.execPath, entries.agent, ...agentArgs(agent, c.state!)], report);
    }
    await assertAllAlive(c.watched);
  };

  const awaitRegistration = async (c: LaunchContext, report: (m: string) => void) => {
    const token = await readSecretFile(files.tokenFile);
    await waitForAgents(c.watched, agentsOf(c.state!), token, c.state!.masterUrl, {
      ...wait,
      timeoutMs: opts.registrationTimeoutMs ?? 60_000,
      report,
    });
  };

  const steps: Step<LaunchContext>[] = [
    { title: opts.previous ? `Checking what runs of cluster "${opts.name}"` : `Preparing cluster "${opts.name}"`, run: prepare },
    { title: 'Starting the master', run: startMaster },
    { title: `Starting ${agentCount} agent${agentCount === 1 ? '' : 's'}`, run: startAgents },
    { title: `Waiting for ${agentCount} agent${agentCount === 1 ? '' : 's'} to register`, run: awaitRegistration },
  ];
  try {
    await (opts.run ?? runSequentially)(steps, ctx);
  } catch (err) {
    await cleanUpAfterFailure(ctx, opts);
    throw err instanceof DcosError ? err : new DcosError(ErrorCodes.CLUSTER_START, `cluster "${opts.name}" did not start: ${(err as Error).message}`, { cause: err });
  }
  return { url: ctx.state!.masterUrl, tokenFile: files.tokenFile, state: ctx.state!, nodes: ctx.outcomes };
}

/** A node counts as up while its supervisor or its daemon runs: `up` does not start it from nothing. */
function isUp(p: NodeProcesses | undefined): boolean {
  return Boolean(p?.supervisor || p?.daemon);
}

async function pickBlock(agents: number, reserved: Set<number>, opts: LaunchOptions): Promise<BlockAddresses> {
  const block = await chooseAddressBlock({ agents, reserved, isFree: opts.isFree, preferred: opts.preferredBlock });
  if (!block) throw new DcosError(ErrorCodes.CLUSTER_START, `no free loopback block 127.0.S.0/24 (S in 1..254) for a master and ${agents} agents`);
  return block;
}

/**
 * Agents recover their tasks by address, so a recorded cluster only restarts where it
 * was: the addresses of the nodes to start from nothing must be free.
 */
async function assertFreeForRestart(opts: LaunchOptions, nodes: LocalNode[]): Promise<void> {
  const isFree = opts.isFree ?? canBind;
  const taken: string[] = [];
  for (const n of nodes) if (!(await isFree(n.host, n.port))) taken.push(`${n.host}:${n.port}`);
  if (taken.length === 0) return;
  throw new DcosError(ErrorCodes.CLUSTER_START, `the addresses of cluster "${opts.name}" (${taken.join(', ')}) are in use: stop what binds them, or remove the cluster with \`dcos cluster down --name ${opts.name}\``);
}

function stateFor(opts: LaunchOptions, block: BlockAddresses, agents: number): LocalClusterState {
  const files = clusterFiles(opts.clusterDir);
  const master = nodeLayout(opts.clusterDir, 'master', 'master', block.master.host, block.master.port);
  const agentNodes = block.agents.slice(0, agents).map((a, i) => nodeLayout(opts.clusterDir, `agent-${i + 1}`, 'agent', a.host, a.port));
  return {
    block: block.block,
    masterUrl: `http://${master.host}:${master.port}`,
    tokenFile: files.tokenFile,
    nodeTokenFile: files.nodeTokenFile,
    agentPorts: opts.previous?.agentPorts ?? opts.agentPorts ?? DEFAULT_AGENT_PORTS,
    ...(opts.notifyWebhookUrlFile || opts.previous?.notifierConfigFile ? { notifierConfigFile: files.notifierConfigFile } : {}),
    nodes: [master, ...agentNodes],
    status: 'running',
    startedAt: new Date().toISOString(),
  };
}

function masterArgs(master: LocalNode, state: LocalClusterState, name: string): string[] {
  return [
    '--listen', `${master.host}:${master.port}`,
    '--state-dir', master.stateDir,
    '--token-file', state.tokenFile,
    '--node-token-file', state.nodeTokenFile,
    '--cluster-name', name,
    ...(state.notifierConfigFile ? ['--notifier-config', state.notifierConfigFile] : []),
  ];
}

function agentArgs(agent: LocalNode, state: LocalClusterState): string[] {
  return [
    '--master', state.masterUrl,
    '--listen', `${agent.host}:${agent.port}`,
    '--work-dir', agent.stateDir,
    '--node-token-file', state.nodeTokenFile,
    '--ports', state.agentPorts,
  ];
}

/** Stops the nodes this run started from nothing; what ran before is left as it was. */
async function cleanUpAfterFailure(ctx: LaunchContext, opts: LaunchOptions): Promise<void> {
  try {
    const started = ctx.watched.filter((w) => ctx.outcomes.some((o) => o.name === w.node.name && o.action === 'started'));
    await Promise.all(started.map((w) => stopNode(w.node, 5_000, w.supervisor)));
    if (ctx.createdDir) await rm(opts.clusterDir, { recursive: true, force: true });
  } catch {
    // the start-up error is the one to report
  }
}
