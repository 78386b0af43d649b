import { MasterClient } from '../../api/master-client.js';
import type { MasterState, MesosAgent } from '../../api/master-types.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { tailFile, type DaemonHandle } from './daemon.js';
import type { LocalNode } from './local-cluster.js';

/** A started daemon the launcher watches while it waits. */
export interface Watched {
  node: LocalNode;
  handle: DaemonHandle;
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Lines of a node's log, indented for an error message. */
export async function logExcerpt(node: LocalNode, lines = 20): Promise<string> {
  const tail = await tailFile(node.logFile, lines);
  return tail.length === 0 ? `(${node.logFile} is empty)` : [`last lines of ${node.logFile}:`, ...tail.map((l) => `| ${l}`)].join('\n');
}

/** Fails with the daemon's log tail as soon as any watched daemon has exited. */
export async function assertAllAlive(watched: Watched[]): Promise<void> {
  for (const w of watched) {
    if (!w.handle.exit) continue;
    const how = w.handle.exit.signal ? `signal ${w.handle.exit.signal}` : `code ${w.handle.exit.code}`;
    throw new DcosError(
      ErrorCodes.CLUSTER_START,
      `${w.node.name} (${w.node.host}:${w.node.port}) exited during start-up with ${how}\n${await logExcerpt(w.node)}`,
    );
  }
}

function abortIfAsked(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DcosError(ErrorCodes.CLUSTER_START, 'start-up interrupted');
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
}

/** Waits for GET /ping → 200 on the master (no credential needed). */
export async function waitForMasterPing(master: Watched, opts: WaitOptions): Promise<void> {
  const client = new MasterClient({ baseUrl: `http://${master.node.host}:${master.node.port}`, timeoutMs: 2_000 });
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    abortIfAsked(opts.signal);
    await assertAllAlive([master]);
    if (await client.ping()) return;
    if (Date.now() >= deadline) {
      throw new DcosError(
        ErrorCodes.CLUSTER_START,
        `the master did not answer GET /ping on ${master.node.host}:${master.node.port} within ${opts.timeoutMs / 1000}s\n${await logExcerpt(master.node)}`,
      );
    }
    await pause(opts.pollMs ?? 100);
  }
}

/** Our agents among the master's, matched by the address they registered with. */
export function registeredAgents(state: Pick<MasterState, 'slaves'>, agents: LocalNode[]): Map<string, MesosAgent> {
  const found = new Map<string, MesosAgent>();
  for (const a of agents) {
    const slave = state.slaves.find((s) => s.hostname === a.host && s.port === a.port);
    if (slave) found.set(a.name, slave);
  }
  return found;
}

/**
 * Ready when every agent is registered and active: matched by address, or (should an
 * agent report another hostname) when the master lists exactly N agents, all active.
 */
export function allAgentsReady(state: Pick<MasterState, 'slaves'>, agents: LocalNode[]): boolean {
  const mine = [...registeredAgents(state, agents).values()];
  if (mine.length === agents.length && mine.every((s) => s.active)) return true;
  return state.slaves.length === agents.length && state.slaves.every((s) => s.active);
}

/** Polls GET /master/state until all agents are registered and active. */
export async function waitForAgents(
  watched: Watched[],
  agents: LocalNode[],
  token: string,
  masterUrl: string,
  opts: WaitOptions & { report: (message: string) => void },
): Promise<void> {
  const client = new MasterClient({ baseUrl: masterUrl, token, timeoutMs: 5_000 });
  const deadline = Date.now() + opts.timeoutMs;
  let lastCount = -1;
  let lastError: unknown;
  for (;;) {
    abortIfAsked(opts.signal);
    await assertAllAlive(watched);
    let state: MasterState | undefined;
    try {
      state = await client.state();
    } catch (err) {
      if (err instanceof DcosError && err.code === ErrorCodes.UNAUTHORIZED) {
        throw new DcosError(ErrorCodes.CLUSTER_START, `the master refused the cluster's token: ${err.message}`, { cause: err });
      }
      lastError = err;
    }
    if (state) {
      if (allAgentsReady(state, agents)) return;
      const count = [...registeredAgents(state, agents).values()].filter((s) => s.active).length;
      if (count !== lastCount) opts.report(`${count} of ${agents.length} agents registered`);
      lastCount = count;
    }
    if (Date.now() >= deadline) {
      const mine = state ? registeredAgents(state, agents) : new Map<string, MesosAgent>();
      const missing = agents.filter((a) => !mine.get(a.name)?.active);
      const excerpts = await Promise.all(missing.map((a) => logExcerpt(a, 10)));
      const why = state ? `${agents.length - missing.length} of ${agents.length} registered` : `GET /master/state failed: ${(lastError as Error)?.message}`;
      throw new DcosError(
        ErrorCodes.CLUSTER_START,
        `agents did not register within ${opts.timeoutMs / 1000}s (${why}; missing: ${missing.map((a) => a.name).join(', ')})\n${excerpts.join('\n')}`,
      );
    }
    await pause(opts.pollMs ?? 250);
  }
}
