import { mkdir, rm } from 'node:fs/promises';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { chooseAddressBlock, MAX_AGENTS, type BlockAddresses } from './address-block.js';
import { spawnDaemon, tailFile } from './daemon.js';
import {
  agentsOf, clusterFiles, DEFAULT_AGENT_PORTS, masterOf, nodeLayout, type LocalClusterState, type LocalNode,
} from './local-cluster.js';
import { daemonEntryPoints } from '../package-root.js';
import { assertAllAlive, waitForAgents, waitForMasterPing, type Watched } from './readiness.js';
import { ensureSecretFile, readSecretFile } from '../secrets.js';
import { runSequentially, type Step, type StepRunner } from './steps.js';
import { killClusterProcesses } from './teardown.js';

/**
 * `dcos cluster up --local`: a master and N agents as detached processes on their own
 * loopback addresses (see address-block.ts), each with its own state directory, ready
 * when every agent is registered and active. On any failure (a daemon exiting, a
 * timeout, an abort) everything started so far is stopped and a fresh cluster's
 * directory removed, and the error carries the failing daemon's log tail.
 */
export interface LaunchOptions {
  name: string;
  /** Directory for the credentials and the nodes (created if absent). */
  clusterDir: string;
  /** Number of agents (default 2). */
  agents?: number;
  /** Blocks other clusters of this DCOS_DIR record. */
  reservedBlocks?: number[];
  /** Task port range of every agent (default 31000-32000). */
  agentPorts?: string;
  /** A stopped cluster (`down --keep-state`) to start again on its kept state. */
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

export interface LaunchResult {
  url: string;
  tokenFile: string;
  state: LocalClusterState;
}

interface LaunchContext {
  state?: LocalClusterState;
  watched: Watched[];
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
  const ctx: LaunchContext = { watched: [], createdDir: !opts.previous };
  const wait = { signal: opts.signal };

  const prepare = async (c: LaunchContext, report: (m: string) => void) => {
    await mkdir(files.nodesDir, { recursive: true, mode: 0o700 });
    await ensureSecretFile(files.tokenFile);
    await ensureSecretFile(files.nodeTokenFile);
    const block = await pickBlock(agentCount, reserved, opts);
    c.state = stateFor(opts, block, agentCount);
    for (const n of c.state.nodes) await mkdir(n.stateDir, { recursive: true, mode: 0o700 });
    report(`addresses 127.0.${block.block}.1-${agentCount + 1}`);
  };

  const startMaster = async (c: LaunchContext, report: (m: string) => void) => {
    for (let attempt = 1; ; attempt++) {
      const master = masterOf(c.state!);
      const watched = await startNode(master, entries.master, masterArgs(master, c.state!, opts.name));
      c.watched.push(watched);
      report(`${master.host}:${master.port}, pid ${master.pid}`);
      try {
        await waitForMasterPing(watched, { ...wait, timeoutMs: opts.masterReadyTimeoutMs ?? 30_000 });
        return;
      } catch (err) {
        // Another run took the address between our probe and the master's bind: move on.
        const lostRace = watched.handle.exit && (await tailFile(master.logFile, 20)).some((l) => l.includes('EADDRINUSE'));
        if (!lostRace || attempt >= BIND_RETRIES || opts.previous) throw err;
        c.watched = c.watched.filter((w) => w !== watched);
        reserved.add(c.state!.block);
        c.state = stateFor(opts, await pickBlock(agentCount, reserved, opts), agentCount);
        for (const n of c.state.nodes) await mkdir(n.stateDir, { recursive: true, mode: 0o700 });
        report(`address taken, retrying on 127.0.${c.state.block}.1`);
      }
    }
  };

  const startAgents = async (c: LaunchContext, report: (m: string) => void) => {
    for (const agent of agentsOf(c.state!)) {
      c.watched.push(await startNode(agent, entries.agent, agentArgs(agent, c.state!)));
      report(`${agent.name} ${agent.host}:${agent.port}, pid ${agent.pid}`);
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
    { title: opts.previous ? `Reusing the kept state of cluster "${opts.name}"` : `Preparing cluster "${opts.name}"`, run: prepare },
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
  return { url: ctx.state!.masterUrl, tokenFile: files.tokenFile, state: ctx.state! };
}

async function pickBlock(agents: number, reserved: Set<number>, opts: LaunchOptions): Promise<BlockAddresses> {
  const block = await chooseAddressBlock({ agents, reserved, isFree: opts.isFree, preferred: opts.previous?.block });
  if (!block) throw new DcosError(ErrorCodes.CLUSTER_START, `no free loopback block 127.0.S.0/24 (S in 1..254) for a master and ${agents} agents`);
  if (opts.previous && block.block !== opts.previous.block) {
    // Agents recover their tasks by address; a kept cluster only restarts where it was.
    throw new DcosError(ErrorCodes.CLUSTER_START, `the addresses of cluster "${opts.name}" (127.0.${opts.previous.block}.x) are in use: stop what binds them, or remove the cluster with \`dcos cluster down --name ${opts.name}\``);
  }
  return block;
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

async function startNode(node: LocalNode, entry: string, args: string[]): Promise<Watched> {
  const handle = await spawnDaemon({
    name: node.name,
    command: process.execPath,
    args: [entry, ...args],
    cwd: node.stateDir,
    logFile: node.logFile,
    pidFile: node.pidFile,
  });
  node.pid = handle.pid;
  return { node, handle };
}

async function cleanUpAfterFailure(ctx: LaunchContext, opts: LaunchOptions): Promise<void> {
  try {
    if (ctx.state) await killClusterProcesses(ctx.state, opts.clusterDir, { graceMs: 5_000 });
    if (ctx.createdDir) await rm(opts.clusterDir, { recursive: true, force: true });
  } catch {
    // the start-up error is the one to report
  }
}
