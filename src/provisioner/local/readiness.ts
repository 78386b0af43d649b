import { MasterClient } from '../../api/master-client.js';
import type { MasterState, MesosAgent } from '../../api/master-types.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { supervisorPidFile, type LocalNode } from './local-cluster.js';
import { tailFile } from './log-tail.js';
import { isRunningAs, readIdentityFile, type ProcessIdentity } from './process-identity.js';
import type { SupervisorHandle } from './supervised-node.js';

/**
 * A node the launcher watches while it waits: the supervisor it started (none for a
 * node it left alone) and the daemon, once its pidfile names it. The supervisor would
 * restart a daemon that dies, but one that dies during start-up fails the start-up:
 * it would most likely die again, and the user wants to know why now.
 */
export interface Watched {
  node: LocalNode;
  supervisor?: SupervisorHandle;
  daemon?: ProcessIdentity;
  /** The started supervisor has claimed its pidfile (so `cluster down` would find it). */
  claimed?: boolean;
}

/** The node's daemon runs and the supervisor started for it (if any) has claimed its pidfile. */
export function isSettled(w: Watched): boolean {
  return w.daemon !== undefined && (w.supervisor === undefined || w.claimed === true);
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Lines of a node's log, indented for an error message. */
export async function logExcerpt(node: LocalNode, lines = 20): Promise<string> {
  const tail = await tailFile(node.logFile, lines);
  return tail.length === 0 ? `(${node.logFile} is empty)` : [`last lines of ${node.logFile}:`, ...tail.map((l) => `| ${l}`)].join('\n');
}

/** Fails with the node's log tail as soon as a watched supervisor or daemon has exited. */
export async function assertAllAlive(watched: Watched[]): Promise<void> {
  for (const w of watched) {
    const where = `${w.node.name} (${w.node.host}:${w.node.port})`;
    if (w.daemon && !isRunningAs(w.daemon)) {
      throw new DcosError(ErrorCodes.CLUSTER_START, `${where} exited during start-up${await exitReason(w.node, w.daemon.pid)}\n${await logExcerpt(w.node)}`);
    }
    if (w.supervisor?.exit) {
      const how = w.supervisor.exit.signal ? `signal ${w.supervisor.exit.signal}` : `code ${w.supervisor.exit.code}`;
      throw new DcosError(ErrorCodes.CLUSTER_START, `the supervisor of ${where} exited during start-up with ${how}\n${await logExcerpt(w.node)}`);
    }
    if (!w.daemon) {
      w.daemon = await readIdentityFile(w.node.pidFile);
      if (w.daemon) w.node.pid = w.daemon.pid;
    }
    if (w.supervisor && !w.claimed) w.claimed = (await readIdentityFile(supervisorPidFile(w.node)))?.pid === w.supervisor.pid;
  }
}

/**
 * " with code N" or " with signal SIG…", as the supervisor logged the end of `pid` in
 * the node's log (the line runtime/supervisor/supervisor.ts onExit writes; it may come
 * a moment after the process is gone); "" when there is none.
 */
async function exitReason(node: LocalNode, pid: number): Promise<string> {
  const line = new RegExp(`dcos-supervise\\[\\d+\\] ${node.name}: ${pid} (?:exited with code (\\d+)|killed by (SIG\\w+))`);
  for (let i = 0; i < 20; i++) {
    for (const l of (await tailFile(node.logFile, 50)).reverse()) {
      const m = line.exec(l);
      if (m) return m[1] !== undefined ? ` with code ${m[1]}` : ` with signal ${m[2]}`;
    }
    await pause(50);
  }
  return '';
}

function abortIfAsked(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DcosError(ErrorCodes.CLUSTER_START, 'start-up interrupted');
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
}

/** Another cluster's master answers on the address: ours cannot bind it. */
export class AddressTakenError extends DcosError {}

/**
 * Waits for GET /ping → 200 on the master, then checks with the cluster's token that it
 * is ours: a master another run started on the same address between our probe and our
 * bind answers /ping too, but refuses our token (AddressTakenError).
 */
export async function waitForMasterPing(master: Watched, opts: WaitOptions & { token: string }): Promise<void> {
  const url = `http://${master.node.host}:${master.node.port}`;
  const client = new MasterClient({ baseUrl: url, token: opts.token, timeoutMs: 2_000 });
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    abortIfAsked(opts.signal);
    await assertAllAlive([master]);
    if (await client.ping()) {
      try {
        await client.state();
        return;
      } catch (err) {
        if (err instanceof DcosError && err.code === ErrorCodes.UNAUTHORIZED) {
          throw new AddressTakenError(ErrorCodes.CLUSTER_START, `another cluster's master answers on ${url} (it refuses this cluster's token)`, { cause: err });
        }
        // not answering yet: wait on
      }
    }
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

/** Polls GET /master/state until all agents are registered and active, and every watched node is settled. */
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
      // A master restarted on its kept state lists its agents as registered before they
      // are back: each watched daemon must have been seen running too (and its supervisor
      // recorded, so that whatever runs next finds it).
      if (allAgentsReady(state, agents) && watched.every(isSettled)) return;
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
