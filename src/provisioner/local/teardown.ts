import { agentsOf, masterOf, type LocalClusterState, type LocalNode } from './local-cluster.js';
import { daemonEntryPoints } from '../package-root.js';
import { runSequentially, type Step, type StepRunner } from './steps.js';
import { nodeProcesses, stopNode } from './supervised-node.js';
import { endRecordedTasks, type EndedTasks } from './task-ending.js';

/**
 * `dcos cluster down` for a local cluster. It stops exactly what the cluster started,
 * each process known by its pid and start time (process-identity.ts), and nothing
 * else: not the shell it runs in (whatever its working directory), not a process that
 * merely names the cluster's directory, not a process that got a recorded pid later.
 *
 * Order matters. Supervisors go first, each stopping its daemon, so nothing is
 * restarted during the teardown: the master first (it decides nothing more), then the
 * agents, which leave their tasks running (an agent's SIGTERM never kills tasks). Then
 * the tasks each agent recorded are ended by `dcos-agent kill-tasks` (SIGTERM to the
 * task's process group, SIGKILL after its kill grace), which reads the agent's own
 * records. Last, a check that none of the recorded processes is left.
 */
export interface StopOptions {
  /** SIGTERM → SIGKILL grace of a daemon that outlived its supervisor (default 10 s). */
  graceMs?: number;
  /** Kill grace of a task that declares none (default: the agent's, 3 s). */
  taskGraceMs?: number;
  /** The agent entry point whose `kill-tasks` reads the task records (default: this package's bin/dcos-agent.js). */
  agentEntry?: string;
  run?: StepRunner;
}

export interface StopReport {
  /** Nodes that were running (daemon or supervisor) and were stopped. */
  stopped: string[];
  /** Nodes that needed SIGKILL. */
  forced: string[];
  /** Task processes that were still running and were ended, by agent. */
  tasks: Array<{ node: string; taskId: string; pid: number }>;
  /** What could not be stopped (a task still running after SIGKILL, an agent's records unreadable, a node still running). */
  problems: string[];
}

interface StopContext {
  report: StopReport;
}

export async function stopLocalCluster(state: LocalClusterState, opts: StopOptions = {}): Promise<StopReport> {
  const agents = agentsOf(state);
  const ctx: StopContext = { report: { stopped: [], forced: [], tasks: [], problems: [] } };
  const stop = async (c: StopContext, node: LocalNode, report: (m: string) => void) => {
    const result = await stopNode(node, opts.graceMs);
    if (!result.stopped) return;
    c.report.stopped.push(node.name);
    if (result.forced) c.report.forced.push(node.name);
    report(`${node.name} stopped${result.forced ? ' (SIGKILL)' : ''}`);
  };

  const endTasks = async (c: StopContext, report: (m: string) => void) => {
    const agentEntry = opts.agentEntry ?? daemonEntryPoints().agent;
    const results = await Promise.all(agents.map(async (a): Promise<[LocalNode, EndedTasks]> => [a, await endRecordedTasks(a, agentEntry, opts.taskGraceMs)]));
    for (const [agent, ended] of results) {
      c.report.tasks.push(...ended.ended.map((t) => ({ node: agent.name, ...t })));
      c.report.problems.push(...ended.problems.map((p) => `${agent.name}: ${p}`));
      if (ended.ended.length > 0) report(`${agent.name}: ${ended.ended.length} task${ended.ended.length === 1 ? '' : 's'} ended`);
    }
  };

  const check = async (c: StopContext) => {
    for (const node of state.nodes) {
      const { supervisor, daemon } = await nodeProcesses(node);
      if (supervisor) c.report.problems.push(`${node.name}: its supervisor (pid ${supervisor.pid}) still runs`);
      if (daemon) c.report.problems.push(`${node.name}: its daemon (pid ${daemon.pid}) still runs`);
    }
  };

  const steps: Step<StopContext>[] = [
    { title: 'Stopping the master', run: (c, report) => stop(c, masterOf(state), report) },
    { title: `Stopping ${agents.length} agent${agents.length === 1 ? '' : 's'}`, run: async (c, report) => { await Promise.all(agents.map((a) => stop(c, a, report))); } },
    { title: 'Ending the tasks the agents recorded', run: endTasks },
    { title: 'Checking that nothing of the cluster is left running', run: check },
  ];
  await (opts.run ?? runSequentially)(steps, ctx);
  return ctx.report;
}
