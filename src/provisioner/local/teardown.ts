import { Agent } from 'undici';
import { AgentClient } from '../../api/agent-client.js';
import { isRunning, processesUnder, readPidFile, terminate, waitForExit } from './daemon.js';
import { agentsOf, masterOf, processMarker, type LocalClusterState, type LocalNode } from './local-cluster.js';
import { readSecretFile } from '../secrets.js';
import { runSequentially, type Step, type StepRunner } from './steps.js';

/**
 * `dcos cluster down` for a local cluster. Order matters: agents first, asked to kill
 * their tasks (POST /api/v1/shutdown {killTasks:true} answers once the tasks are gone),
 * so no task process outlives the cluster; then the master; then a sweep for any
 * process still running from the cluster's directory (a task whose agent died
 * earlier). Unresponsive daemons get SIGTERM, then SIGKILL.
 */
export interface StopOptions {
  /** How long an agent may take to kill its tasks and exit (default 60 s). */
  agentShutdownTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace of a daemon (default 10 s). */
  graceMs?: number;
  run?: StepRunner;
}

export interface StopReport {
  /** Nodes that were running and stopped. */
  stopped: string[];
  /** Nodes that needed SIGTERM/SIGKILL instead of a clean shutdown. */
  forced: string[];
  /** Stray processes found under the cluster's directory and killed. */
  strays: number[];
}

interface StopContext {
  report: StopReport;
}

async function pidOf(node: LocalNode): Promise<number | undefined> {
  return (await readPidFile(node.pidFile)) ?? node.pid;
}

async function runningProc(node: LocalNode): Promise<{ pid: number; marker: string } | undefined> {
  const pid = await pidOf(node);
  return pid !== undefined && (await isRunning(pid, processMarker(node))) ? { pid, marker: processMarker(node) } : undefined;
}

export async function stopLocalCluster(state: LocalClusterState, clusterDir: string, opts: StopOptions = {}): Promise<StopReport> {
  const graceMs = opts.graceMs ?? 10_000;
  const agents = agentsOf(state);
  const ctx: StopContext = { report: { stopped: [], forced: [], strays: [] } };

  const stopAgents = async (c: StopContext, report: (m: string) => void) => {
    const nodeToken = await readSecretFile(state.nodeTokenFile).catch(() => undefined);
    await Promise.all(
      agents.map(async (agent) => {
        const proc = await runningProc(agent);
        if (!proc) return;
        let clean = false;
        if (nodeToken) {
          // A connection of its own, closed right after the answer: a kept-alive socket
          // would hold the agent's server.close() (and so its exit) until it times out.
          const dispatcher = new Agent({ connections: 1 });
          const client = new AgentClient({ baseUrl: `http://${agent.host}:${agent.port}`, token: nodeToken, timeoutMs: opts.agentShutdownTimeoutMs ?? 60_000, dispatcher });
          try {
            await client.shutdown({ killTasks: true });
            await dispatcher.destroy();
            clean = (await waitForExit([proc], graceMs)).length === 0;
          } catch {
            // unreachable or refused: fall through to signals
          } finally {
            await dispatcher.destroy().catch(() => {});
          }
        }
        if (!clean) {
          await terminate([proc], graceMs);
          c.report.forced.push(agent.name);
        }
        c.report.stopped.push(agent.name);
        report(`${agent.name} stopped${clean ? '' : ' (signalled)'}`);
      }),
    );
  };

  const stopMaster = async (c: StopContext) => {
    const master = masterOf(state);
    const proc = await runningProc(master);
    if (!proc) return;
    if (await terminate([proc], graceMs)) c.report.forced.push(master.name);
    c.report.stopped.push(master.name);
  };

  const sweep = async (c: StopContext, report: (m: string) => void) => {
    const strays = await processesUnder(clusterDir);
    if (strays.length === 0) return;
    await terminate(strays.map((pid) => ({ pid })), 3_000);
    c.report.strays.push(...strays);
    report(`killed ${strays.length} leftover process${strays.length === 1 ? '' : 'es'} (${strays.join(', ')})`);
  };

  const steps: Step<StopContext>[] = [
    { title: `Stopping ${agents.length} agent${agents.length === 1 ? '' : 's'} and their tasks`, run: stopAgents },
    { title: 'Stopping the master', run: stopMaster },
    { title: 'Checking that nothing is left running', run: sweep },
  ];
  await (opts.run ?? runSequentially)(steps, ctx);
  return ctx.report;
}

/** Hard stop for a failed start-up: every node and anything under the cluster's directory. */
export async function killClusterProcesses(state: LocalClusterState, clusterDir: string, opts: { graceMs: number }): Promise<void> {
  const procs: Array<{ pid: number; marker: string }> = [];
  for (const node of state.nodes) {
    const proc = await runningProc(node);
    if (proc) procs.push(proc);
  }
  await terminate(procs, opts.graceMs);
  const strays = await processesUnder(clusterDir);
  if (strays.length > 0) await terminate(strays.map((pid) => ({ pid })), 2_000);
}
