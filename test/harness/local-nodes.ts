import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import type { AttachedCluster } from './dcos-cli.js';
import { eventually, isAlive } from './proc.js';

type Node = AttachedCluster['config']['local']['nodes'][number];

export function nodeNamed(cluster: AttachedCluster, role: 'master' | 'agent', index = 0): Node {
  const node = cluster.config.local.nodes.filter((n) => n.role === role)[index];
  if (!node) throw new Error(`cluster ${cluster.name} has no ${role} #${index}`);
  return node;
}

export function pidOf(node: Node): number {
  return Number(readFileSync(node.pidFile, 'utf8').trim());
}

/**
 * Stops a node's daemon (SIGTERM, as an operator or supervisor would) and starts it
 * again with the same command line, working directory, log and pidfile.
 */
export async function restartNode(node: Node): Promise<{ before: number; after: number }> {
  const before = pidOf(node);
  const argv = readFileSync(`/proc/${before}/cmdline`, 'utf8').split('\0').filter(Boolean);
  process.kill(before, 'SIGTERM');
  await eventually(() => !isAlive(before), 10_000, `${node.name} (pid ${before}) to exit`);
  const fd = openSync(node.logFile, 'a');
  try {
    const child = spawn(argv[0], argv.slice(1), { cwd: node.stateDir, detached: true, stdio: ['ignore', fd, fd] });
    await new Promise<void>((resolve, reject) => { child.once('spawn', resolve); child.once('error', reject); });
    child.unref();
    writeFileSync(node.pidFile, `${child.pid}\n`);
    return { before, after: child.pid! };
  } finally {
    closeSync(fd);
  }
}
