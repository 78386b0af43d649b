import { MasterClient } from '../../api/master-client.js';
import type { MasterState } from '../../api/master-types.js';
import { isRunning, readPidFile } from './daemon.js';
import { agentsOf, masterOf, processMarker, type LocalClusterState, type LocalNode } from './local-cluster.js';
import { registeredAgents } from './readiness.js';

/** `dcos cluster status` of a local cluster; `--json` prints this object. */
export interface LocalNodeStatus {
  name: string;
  role: LocalNode['role'];
  address: string;
  pid: number | null;
  /** The pid is alive and is this node's daemon. */
  running: boolean;
  logFile: string;
}

export interface LocalClusterStatus {
  /** Master running and answering /ping, every agent running, registered and active. */
  healthy: boolean;
  masterUrl: string;
  master: LocalNodeStatus & { ping: boolean };
  agents: Array<LocalNodeStatus & { agentId: string | null; registered: boolean; active: boolean }>;
  /** Why the master's state could not be read, when it could not. */
  stateError?: string;
}

async function nodeStatus(node: LocalNode): Promise<LocalNodeStatus> {
  const pid = (await readPidFile(node.pidFile)) ?? node.pid ?? null;
  return {
    name: node.name,
    role: node.role,
    address: `${node.host}:${node.port}`,
    pid,
    running: pid !== null && (await isRunning(pid, processMarker(node))),
    logFile: node.logFile,
  };
}

export async function localClusterStatus(state: LocalClusterState, token: string): Promise<LocalClusterStatus> {
  const master = masterOf(state);
  const agents = agentsOf(state);
  const masterStatus = await nodeStatus(master);
  const client = new MasterClient({ baseUrl: state.masterUrl, token, timeoutMs: 3_000 });
  const ping = masterStatus.running && (await client.ping());
  let masterState: MasterState | undefined;
  let stateError: string | undefined;
  if (ping) {
    try {
      masterState = await client.state();
    } catch (err) {
      stateError = (err as Error).message;
    }
  }
  const registered = masterState ? registeredAgents(masterState, agents) : new Map();
  const agentStatuses = await Promise.all(
    agents.map(async (a) => {
      const slave = registered.get(a.name);
      return { ...(await nodeStatus(a)), agentId: slave?.id ?? null, registered: Boolean(slave), active: Boolean(slave?.active) };
    }),
  );
  return {
    healthy: ping && agentStatuses.every((a) => a.running && a.registered && a.active),
    masterUrl: state.masterUrl,
    master: { ...masterStatus, ping },
    agents: agentStatuses,
    ...(stateError ? { stateError } : {}),
  };
}

/** Names of the nodes whose daemon is still running (a cluster with none is stopped). */
export async function runningNodes(state: LocalClusterState): Promise<string[]> {
  const statuses = await Promise.all(state.nodes.map(nodeStatus));
  return statuses.filter((s) => s.running).map((s) => s.name);
}
