import { allNodes, type ClusterSpec, type NodeSpec } from '../cluster-file/cluster-spec.js';
import { shellArg as shq } from '../remote/shell-quote.js';
import { serviceName } from '../remote/layout.js';
import { runScriptOk } from '../remote/remote-shell.js';
import { SshPool } from '../ssh/ssh-pool.js';
import type { SshConnector, SshSession } from '../ssh/ssh-session.js';
import { mapSettled, stage, type ProvisionListener } from './events.js';
import { stopServiceScript } from './host-steps.js';
import { layoutOf } from './node-config.js';

export interface DownOptions {
  spec: ClusterSpec;
  connector: SshConnector;
  /** Also remove the state directory (masters' database, agents' sandboxes). */
  purge?: boolean;
  events: ProvisionListener;
}

export interface DownResult {
  hosts: Array<{ node: NodeSpec; ok: boolean; error?: string; killed?: number }>;
  ok: boolean;
}

/**
 * `dcos cluster down FILE`: masters stop first (so nothing relaunches tasks), then agents
 * stop, then the tasks each agent recorded are ended (killTasksScript). Then the install
 * and config (with its secrets) are removed; the state too with --purge.
 */
export async function clusterDown(o: DownOptions): Promise<DownResult> {
  const { spec, events: emit } = o;
  const nodes = allNodes(spec);
  const sessions = new Map<string, SshSession>();
  const pool = new SshPool(o.connector, { parallelism: spec.options.sshParallelism });
  const outcome = new Map<string, { node: NodeSpec; ok: boolean; error?: string; killed?: number }>(nodes.map((n) => [n.name, { node: n, ok: true }]));
  const failed = (node: NodeSpec, err: unknown) => Object.assign(outcome.get(node.name)!, { ok: false, error: (err as Error).message });
  const host = (n: NodeSpec) => ({ name: n.name, host: n.ssh.host });
  try {
    await mapSettled(nodes, spec.options.sshParallelism, async (n) => {
      try {
        sessions.set(n.name, await stage(emit, host(n), 'connect', () => pool.get(n.ssh)));
      } catch (err) {
        failed(n, err);
      }
    });
    const reachable = (role: 'master' | 'agent') => nodes.filter((n) => sessions.has(n.name) && (role === 'master') === (n.role === 'master'));
    const teardown = async (n: NodeSpec) => {
      const session = sessions.get(n.name)!;
      const layout = layoutOf(spec, n);
      try {
        await stage(emit, host(n), 'stop', async (report) => {
          // One round trip: the service stops, then (agents) the tasks it recorded end.
          const tasks = n.role === 'master' ? '' : killTasksScript(`${layout.current}/node/bin/node`, `${layout.current}/bin/dcos-agent.js`, layout.daemonState);
          const out = await runScriptOk(session, `stopping ${serviceName(n.role)}`, `${stopServiceScript(layout, serviceName(n.role))}\n${tasks}`, { timeoutMs: 60_000 });
          if (n.role !== 'master') {
            const killed = endedTasks(out);
            outcome.get(n.name)!.killed = killed;
            report(`${killed} task(s) ended`);
          }
        });
        await stage(emit, host(n), 'remove', () => runScriptOk(session, 'removing the install', removeScript(spec, serviceName(n.role), o.purge ?? false)));
      } catch (err) {
        failed(n, err);
      }
    };
    await mapSettled(reachable('master'), spec.options.sshParallelism, teardown);
    await mapSettled(reachable('agent'), spec.options.sshParallelism, teardown);
  } finally {
    await pool.closeAll();
  }
  const hosts = [...outcome.values()];
  return { hosts, ok: hosts.every((h) => h.ok) };
}

/**
 * Ends the tasks the (stopped) agent of `workDir` recorded; prints kill-tasks' JSON result.
 * The agent's own `kill-tasks` reads its records and signals a task's process group only
 * while its leader has the recorded pid and start time: never a process that merely
 * works in a directory named like a sandbox (on a machine with several test hosts, other
 * hosts' tasks have the very same paths in their own mount namespaces) or got a task's
 * pid later. It needs the install, so it runs before the install is removed.
 */
export function killTasksScript(node: string, agentEntry: string, workDir: string): string {
  return `[ -e ${shq(`${workDir}/agent.db`)} ] || { echo '{"ended":[]}'; exit 0; }
exec ${shq(node)} ${shq(agentEntry)} kill-tasks --work-dir ${shq(workDir)}
`;
}

/** How many tasks kill-tasks ended, from its JSON line (the script's last line). */
function endedTasks(output: string): number {
  try {
    return (JSON.parse(output.trim().split('\n').pop() ?? '') as { ended: unknown[] }).ended.length;
  } catch {
    return 0;
  }
}

/** Empties directories rather than removing them: they may be mount points (separate disks, tmpfs). */
function removeScript(spec: ClusterSpec, service: string, purge: boolean): string {
  const { install, config, state } = spec.paths;
  return `set -e
clear() { if [ -d "$1" ]; then find "$1" -mindepth 1 -maxdepth 1 -exec rm -rf {} +; rmdir "$1" 2>/dev/null || true; fi; }
rm -f /etc/systemd/system/${service}.service
if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
clear ${shq(install)}
clear ${shq(config)}
${purge ? `clear ${shq(state)}` : `rm -f ${shq(`${state}/installed.json`)} ${shq(`${state}/run`)}/*.pid`}
`;
}
