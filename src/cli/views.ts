import type { MarathonApp, MarathonDeployment, MarathonTask } from '../api/marathon-types.js';
import type { MasterState, MesosAgent } from '../api/master-types.js';
import { isActive } from '../core/task-state.js';
import { formatTable } from './table.js';

/** The human tables of read commands, after dcos-core-cli's (`--json` prints the API objects instead). */

export const EMPTY = '---';

/** dcos-core-cli's names for Marathon's deployment actions. */
export const DEPLOYMENT_ACTIONS: Record<string, string> = {
  ResolveArtifacts: 'artifacts',
  ScaleApplication: 'scale',
  StartApplication: 'start',
  StopApplication: 'stop',
  RestartApplication: 'restart',
  KillAllOldTasksOf: 'kill-tasks',
};

/** What the app's deployments are doing to it now: "scale", "(restart, scale)" or ---. */
export function deploymentOf(app: Pick<MarathonApp, 'id' | 'deployments'>, deployments: MarathonDeployment[]): string {
  const byId = new Map(deployments.map((d) => [d.id, d]));
  const actions: string[] = [];
  for (const ref of app.deployments ?? []) {
    for (const a of byId.get(ref.id)?.currentActions ?? []) {
      if (a.app === app.id) actions.push(DEPLOYMENT_ACTIONS[a.action] ?? a.action);
    }
  }
  if (actions.length === 0) return EMPTY;
  return actions.length === 1 ? actions[0] : `(${actions.join(', ')})`;
}

/** healthy/running when the app has health checks, --- otherwise. */
export function healthOf(app: MarathonApp): string {
  const checks = app.healthChecks as unknown[] | undefined;
  return Array.isArray(checks) && checks.length > 0 ? `${app.tasksHealthy}/${app.tasksRunning}` : EMPTY;
}

export function commandOf(app: Pick<MarathonApp, 'cmd' | 'args'>): string {
  if (typeof app.cmd === 'string' && app.cmd !== '') return app.cmd;
  if (Array.isArray(app.args) && app.args.length > 0) return JSON.stringify(app.args);
  return EMPTY;
}

export function appTable(apps: MarathonApp[], deployments: MarathonDeployment[]): string {
  const sorted = [...apps].sort((a, b) => a.id.localeCompare(b.id));
  return formatTable(
    [
      { header: 'id', get: (a) => a.id },
      { header: 'mem', get: (a) => a.mem, align: 'right' },
      { header: 'cpus', get: (a) => a.cpus, align: 'right' },
      { header: 'tasks', get: (a) => `${a.tasksRunning}/${a.instances}`, align: 'right' },
      { header: 'health', get: healthOf },
      { header: 'deployment', get: (a) => deploymentOf(a, deployments) },
      { header: 'cmd', get: commandOf },
    ],
    sorted,
  );
}

/** Marathon's healthCheckResults, when the task carries them. */
export function taskHealth(task: MarathonTask): string {
  const results = task.healthCheckResults;
  if (!results || results.length === 0) return EMPTY;
  return results.every((r) => r.alive) ? 'True' : 'False';
}

export function taskTable(tasks: MarathonTask[]): string {
  const sorted = [...tasks].sort((a, b) => a.appId.localeCompare(b.appId) || a.stagedAt.localeCompare(b.stagedAt));
  return formatTable(
    [
      { header: 'app', get: (t) => t.appId },
      { header: 'healthy', get: taskHealth },
      { header: 'started', get: (t) => t.startedAt ?? EMPTY },
      { header: 'host', get: (t) => t.host },
      { header: 'state', get: (t) => t.state },
      { header: 'id', get: (t) => t.id },
    ],
    sorted,
  );
}

/** Used/total with at most two decimals ("0.5/4"). */
function usedOf(used: number | undefined, total: number | undefined): string {
  const f = (n: number | undefined) => String(Math.round((n ?? 0) * 100) / 100);
  return `${f(used)}/${f(total)}`;
}

export function agentStatus(agent: MesosAgent): string {
  if (agent.status === 'UNREACHABLE') return 'UNREACHABLE';
  return agent.active ? 'ACTIVE' : 'INACTIVE';
}

/** Active tasks on each agent, from the frameworks' task lists. */
export function tasksPerAgent(state: Pick<MasterState, 'frameworks'>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of state.frameworks ?? []) {
    for (const t of f.tasks ?? []) if (isActive(t.state)) counts.set(t.slave_id, (counts.get(t.slave_id) ?? 0) + 1);
  }
  return counts;
}

export function nodeTable(state: Pick<MasterState, 'slaves' | 'frameworks'>): string {
  const counts = tasksPerAgent(state);
  const agents = [...state.slaves].sort((a, b) => a.hostname.localeCompare(b.hostname, undefined, { numeric: true }));
  return formatTable(
    [
      { header: 'hostname', get: (a) => a.hostname },
      { header: 'id', get: (a) => a.id },
      { header: 'status', get: agentStatus },
      { header: 'cpus', get: (a) => usedOf(a.used_resources?.cpus, a.resources?.cpus), align: 'right' },
      { header: 'mem', get: (a) => usedOf(a.used_resources?.mem, a.resources?.mem), align: 'right' },
      { header: 'tasks', get: (a) => counts.get(a.id) ?? 0, align: 'right' },
    ],
    agents,
  );
}
