import { join } from 'node:path';
import { NOTIFIER_CONFIG_FILE } from '../notifier-secret.js';

/**
 * What a local cluster's launcher records about it, kept by the CLI in cluster.json
 * under `local` so that `cluster status` and `cluster down` find every process again.
 *
 * On disk, below the cluster's directory:
 *   token, node-token            the credentials (0600)
 *   notifier.json                the master's --notifier-config, with the webhook URL (0600), when asked for
 *   nodes/<name>/                one per node (master, agent-1, …)
 *     node.log                   stdout + stderr of the daemon, and its supervisor's lines
 *     pid                        the daemon's pidfile ("PID STARTTIME")
 *     supervisor.pid             the pidfile of the dcos-supervise that keeps it running
 *     state/ | work/             the daemon's --state-dir / --work-dir, and its cwd
 */
export interface LocalNode {
  name: string;
  role: 'master' | 'agent';
  /** The loopback address the daemon binds (127.0.S.K). */
  host: string;
  port: number;
  dir: string;
  stateDir: string;
  logFile: string;
  pidFile: string;
  /** The daemon's pid when the launcher last saw it (its supervisor may have restarted it since: the pidfile has the current one). */
  pid?: number;
}

export interface LocalClusterState {
  /** S of 127.0.S.x. */
  block: number;
  masterUrl: string;
  tokenFile: string;
  nodeTokenFile: string;
  /** Task port range offered by every agent ("31000-32000"). */
  agentPorts: string;
  /** The master's --notifier-config (`up --local --notify-webhook-file`); kept for restarts. */
  notifierConfigFile?: string;
  /** The master first, then the agents in order. */
  nodes: LocalNode[];
  status: 'running' | 'stopped';
  startedAt: string;
  stoppedAt?: string;
}

export const DEFAULT_AGENT_PORTS = '31000-32000';

export function clusterFiles(clusterDir: string): { tokenFile: string; nodeTokenFile: string; notifierConfigFile: string; nodesDir: string } {
  return {
    tokenFile: join(clusterDir, 'token'), nodeTokenFile: join(clusterDir, 'node-token'), notifierConfigFile: join(clusterDir, NOTIFIER_CONFIG_FILE), nodesDir: join(clusterDir, 'nodes'),
  };
}

export function nodeLayout(clusterDir: string, name: string, role: LocalNode['role'], host: string, port: number): LocalNode {
  const dir = join(clusterFiles(clusterDir).nodesDir, name);
  return {
    name,
    role,
    host,
    port,
    dir,
    stateDir: join(dir, role === 'master' ? 'state' : 'work'),
    logFile: join(dir, 'node.log'),
    pidFile: join(dir, 'pid'),
  };
}

export function masterOf(state: LocalClusterState): LocalNode {
  const master = state.nodes.find((n) => n.role === 'master');
  if (!master) throw new Error('local cluster state has no master node');
  return master;
}

export function agentsOf(state: LocalClusterState): LocalNode[] {
  return state.nodes.filter((n) => n.role === 'agent');
}

/** The pidfile of the node's supervisor (not recorded in older cluster.json files, so derived). */
export function supervisorPidFile(node: LocalNode): string {
  return join(node.dir, 'supervisor.pid');
}
