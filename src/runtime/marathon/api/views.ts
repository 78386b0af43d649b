import { isTerminal } from '../../../core/task-state.js';
import type { MarathonApp, MarathonDeployment, MarathonTask } from '../../../api/marathon-types.js';
import { currentStep, type Deployment } from '../deployments/deployment.js';
import type { PlanJson } from '../events/marathon-events.js';
import type { GroupNode } from '../groups/group-tree.js';
import type { Instance } from '../state/instance.js';
import type { StoredApp } from '../state/stored-app.js';
import type { AppEmbeds } from './query.js';
import type { MarathonReadModel } from './read-model.js';

/** Marathon's JSON for apps, tasks, deployments and groups, built from the read model. */

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Instances and apps are immutable values, so a task's view is made once per (instance,
 * app) pair and kept while both live: listing 10,000 tasks does not format 20,000 dates.
 */
const taskViews = new WeakMap<Instance, { app: StoredApp | undefined; view: MarathonTask }>();

export function taskView(i: Instance, app: StoredApp | undefined): MarathonTask {
  const cached = taskViews.get(i);
  if (cached && cached.app === app) return cached.view;
  const view = buildTaskView(i, app);
  taskViews.set(i, { app, view });
  return view;
}

function buildTaskView(i: Instance, app: StoredApp | undefined): MarathonTask {
  return {
    id: i.taskId,
    appId: i.appId,
    host: i.host,
    ports: i.ports,
    servicePorts: app?.portDefinitions.map((d) => d.port) ?? [],
    slaveId: i.agentId,
    state: i.state,
    stagedAt: iso(i.stagedAt),
    ...(i.startedAt !== undefined ? { startedAt: iso(i.startedAt) } : {}),
    version: i.version,
    ipAddresses: [{ ipAddress: i.host, protocol: 'IPv4' }],
    localVolumes: [],
    role: app?.role ?? '*',
    ...(i.healthChecks.length > 0 && i.health ? {
      healthCheckResults: i.health.map((h) => ({
        alive: h.alive, consecutiveFailures: h.consecutiveFailures, instanceId: i.taskId,
        firstSuccess: h.firstSuccess !== undefined ? iso(h.firstSuccess) : null,
        lastSuccess: h.lastSuccess !== undefined ? iso(h.lastSuccess) : null,
        lastFailure: h.lastFailure !== undefined ? iso(h.lastFailure) : null,
        lastFailureCause: h.lastFailureCause ?? null,
      })),
    } : {}),
    ...(i.checkResult ? { checkResult: i.checkResult } : {}),
  };
}

/** tasksStaged/Running/Healthy/Unhealthy as Marathon counts them. */
export function taskCounts(instances: readonly Instance[]) {
  let tasksStaged = 0;
  let tasksRunning = 0;
  let tasksHealthy = 0;
  let tasksUnhealthy = 0;
  for (const i of instances) {
    if (i.state === 'TASK_STAGING' || i.state === 'TASK_STARTING') tasksStaged++;
    if (i.state !== 'TASK_RUNNING') continue;
    tasksRunning++;
    if (i.healthChecks.length === 0) continue;
    if (i.healthy === true) tasksHealthy++;
    else if (i.healthy === false) tasksUnhealthy++;
  }
  return { tasksStaged, tasksRunning, tasksHealthy, tasksUnhealthy };
}

/** The definition as GET returns it: every field, plus Marathon's legacy `ports`. */
export function definitionView(app: StoredApp): Record<string, unknown> {
  return { ...app, ports: app.portDefinitions.map((d) => d.port) };
}

export function appView(m: MarathonReadModel, app: StoredApp, embed: AppEmbeds): MarathonApp {
  const instances = m.instancesOf(app.id);
  const view = definitionView(app) as unknown as MarathonApp;
  if (embed.counts) Object.assign(view, taskCounts(instances));
  if (embed.deployments) view.deployments = m.deploymentsOf(app.id).map((d) => ({ id: d.id }));
  if (embed.readiness) {
    view.readinessCheckResults = instances.flatMap((i) => m.readiness(i.taskId)).map(({ lastError: _e, ...r }) => r);
  }
  if (embed.lastTaskFailure) {
    const f = m.lastFailure(app.id);
    if (f) {
      view.lastTaskFailure = {
        appId: app.id, taskId: f.taskId, state: f.state as MarathonTask['state'], message: f.message, timestamp: iso(f.timestamp), host: f.host,
        slaveId: f.slaveId, version: f.version,
      };
    }
  }
  if (embed.tasks) view.tasks = instances.filter((i) => !isTerminal(i.state)).map((i) => taskView(i, app));
  if (embed.taskStats) view.taskStats = taskStats(app, instances, m.now());
  return view;
}

/** Marathon's taskStats (TaskStatsByVersion): counts and life times by config age. */
function taskStats(app: StoredApp, instances: readonly Instance[], now: number) {
  const stats = (list: readonly Instance[]) => {
    if (list.length === 0) return undefined;
    const lifetimes = list.filter((i) => i.startedAt !== undefined).map((i) => (now - i.startedAt!) / 1000).sort((a, b) => a - b);
    const c = taskCounts(list);
    return {
      stats: {
        counts: { staged: c.tasksStaged, running: c.tasksRunning, healthy: c.tasksHealthy, unhealthy: c.tasksUnhealthy },
        ...(lifetimes.length > 0 ? {
          lifeTime: { averageSeconds: lifetimes.reduce((a, b) => a + b, 0) / lifetimes.length, medianSeconds: lifetimes[Math.floor(lifetimes.length / 2)] },
        } : {}),
      },
    };
  };
  const current = (i: Instance) => i.configVersion === app.versionInfo.lastConfigChangeAt;
  const out: Record<string, unknown> = {};
  const entries: Array<[string, readonly Instance[]]> = [
    ['startedAfterLastScaling', instances.filter((i) => i.stagedAt >= Date.parse(app.versionInfo.lastScalingAt))],
    ['withLatestConfig', instances.filter(current)],
    ['withOutdatedConfig', instances.filter((i) => !current(i))],
    ['totalSummary', instances],
  ];
  for (const [k, list] of entries) {
    const s = stats(list);
    if (s) out[k] = s;
  }
  return out;
}

export function deploymentView(m: MarathonReadModel, d: Deployment): MarathonDeployment {
  const step = currentStep(d);
  return {
    id: d.id,
    version: d.version,
    affectedApps: d.affectedApps,
    affectedPods: [],
    steps: d.steps.map((s) => ({ actions: s.actions.map((a) => ({ action: a.action, app: a.app })) })),
    currentActions: (step?.actions ?? []).map((a) => ({
      action: a.action, app: a.app,
      readinessCheckResults: m.instancesOf(a.app).flatMap((i) => m.readiness(i.taskId)).map(({ lastError: _e, ...r }) => r),
    })),
    currentStep: Math.min(d.stepIndex + 1, d.steps.length),
    totalSteps: d.steps.length,
  };
}

/** A deployment with what this project adds: status, reason and history (GET /v2/deployments/{id}). */
export function deploymentDetailView(m: MarathonReadModel, d: Deployment) {
  return {
    ...deploymentView(m, d),
    status: d.status,
    ...(d.reason ? { reason: d.reason } : {}),
    createdAt: iso(d.createdAt),
    ...(d.finishedAt !== undefined ? { finishedAt: iso(d.finishedAt) } : {}),
    ...(d.deadline !== undefined ? { deadline: iso(d.deadline) } : {}),
    ...(d.revertOf ? { revertOf: d.revertOf } : {}),
    history: d.history.map((h) => ({ ...h, at: iso(h.at) })),
  };
}

export interface GroupEmbeds {
  groups: boolean;
  apps: boolean;
  app: AppEmbeds;
}

export function groupView(m: MarathonReadModel, g: GroupNode, embed: GroupEmbeds): Record<string, unknown> {
  return {
    id: g.id,
    ...(embed.apps ? { apps: g.apps.map((a) => appView(m, a, embed.app)) } : {}),
    ...(embed.groups ? { groups: g.groups.map((sub) => groupView(m, sub, embed)) } : {}),
    pods: [],
    dependencies: g.dependencies,
    version: g.version,
    enforceRole: g.enforceRole,
  };
}

/**
 * A plan as events carry it. `target` holds the affected apps as they are now; `original`
 * names their versions before (the definitions are at /v2/apps/{id}/versions/{v}). The
 * light plan format drops both.
 */
export function planJson(d: Deployment, targetApps: readonly StoredApp[]): PlanJson {
  const group = (apps: unknown[]) => ({ id: '/', apps, groups: [], pods: [], dependencies: [], version: d.version });
  return {
    id: d.id,
    version: d.version,
    steps: d.steps.map((s) => ({ actions: s.actions.map((a) => ({ action: a.action, app: a.app })) })),
    original: group(Object.entries(d.original).filter(([, v]) => v !== null).map(([id, version]) => ({ id, version }))),
    target: group(targetApps.map(definitionView)),
  };
}
