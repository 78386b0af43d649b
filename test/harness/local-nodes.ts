import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttachedCluster } from './dcos-cli.js';
import { eventually, isAlive } from './proc.js';

type Node = AttachedCluster['config']['local']['nodes'][number];

export function nodeNamed(cluster: AttachedCluster, role: 'master' | 'agent', index = 0): Node {
  const node = cluster.config.local.nodes.filter((n) => n.role === role)[index];
  if (!node) throw new Error(`cluster ${cluster.name} has no ${role} #${index}`);
  return node;
}

/** The pid a pidfile names ("PID" or "PID STARTTIME"); undefined when there is none. */
export function pidIn(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The node's daemon, by its pidfile. */
export function pidOf(node: Node): number {
  const pid = pidIn(node.pidFile);
  if (pid === undefined) throw new Error(`${node.name} has no pid in ${node.pidFile}`);
  return pid;
}

/** The node's dcos-supervise, by its pidfile. */
export function supervisorPidOf(node: Node): number {
  const file = join(node.dir, 'supervisor.pid');
  const pid = pidIn(file);
  if (pid === undefined) throw new Error(`${node.name} has no pid in ${file}`);
  return pid;
}

/** Waits until the node's pidfile names a live daemon other than `old`; answers its pid. */
export function nextDaemon(node: Node, old: number, timeoutMs = 15_000): Promise<number> {
  return eventually(() => {
    const pid = pidIn(node.pidFile);
    return pid !== undefined && pid !== old && isAlive(pid) ? pid : undefined;
  }, timeoutMs, `a new ${node.name} daemon in place of pid ${old}`);
}

/**
 * Stops a node's daemon with SIGTERM (as an operator would) and waits for its
 * supervisor to start it again with the same command line, log and pidfile.
 */
export async function restartNode(node: Node): Promise<{ before: number; after: number }> {
  const before = pidOf(node);
  process.kill(before, 'SIGTERM');
  return { before, after: await nextDaemon(node, before) };
}
