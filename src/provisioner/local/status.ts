import { MasterClient } from '../../api/master-client.js';
import type { MasterState } from '../../api/master-types.js';
import { agentsOf, masterOf, type LocalClusterState, type LocalNode } from './local-cluster.js';
import { registeredAgents } from './readiness.js';
import { nodeProcesses } from './supervised-node.js';

/** `dcos cluster status` of a local cluster; `--json` prints this object. */
export interface LocalNodeStatus {
  name: string;
  role: LocalNode['role'];
  address: string;
  /** The daemon's pid, while it runs (its pidfile names it, with its start time). */
  pid: number | null;
  /** The daemon runs. */
  running: boolean;
  /** The pid of its dcos-supervise, while that runs (it restarts the daemon when it dies). */
  supervisorPid: number | null;
  /** The supervisor runs. */
  supervised: boolean;
  logFile: string;
}

export interface LocalClusterStatus {
  /** Every node running under its supervisor; the master answering /ping; every agent registered and active. */
  healthy: boolean;
  masterUrl: string;
  master: LocalNodeStatus & { ping: boolean };
  agents: Array<LocalNodeStatus & { agentId: string | null; registered: boolean; active: boolean }>;
  /** Why the master's state could not be read, when it could not. */
  stateError?: string;
}

async function nodeStatus(node: LocalNode): Promise<LocalNodeStatus> {
  const { supervisor, daemon } = await nodeProcesses(node);
  return {
    name: node.name,
    role: node.role,
    address: `${node.host}:${node.port}`,
    pid: daemon?.pid ?? null,
    running: daemon !== undefined,
    supervisorPid: supervisor?.pid ?? null,
    supervised: supervisor !== undefined,
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
    healthy: ping && masterStatus.supervised && agentStatuses.every((a) => a.running && a.supervised && a.registered && a.active),
    masterUrl: state.masterUrl,
    master: { ...masterStatus, ping },
    agents: agentStatuses,
    ...(stateError ? { stateError } : {}),
  };
}
