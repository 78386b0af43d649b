import { isActive } from '../../core/task-state.js';
import type { MarathonApp, MarathonDeployment, MarathonTask } from '../../api/marathon-types.js';
import type { Deployment } from './deployment.js';
import type { Instance } from './instance.js';
import type { TaskFailure } from './services-scheduler.js';
import type { StoredApp } from './stored-app.js';

/** Marathon's JSON for apps, tasks and deployments, built from the scheduler's records. */

const iso = (ms: number) => new Date(ms).toISOString();

export function taskView(i: Instance, app: StoredApp | undefined): MarathonTask {
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
  };
}

export function appView(app: StoredApp, instances: Instance[], deployments: Deployment[], failure: TaskFailure | undefined, embedTasks: boolean): MarathonApp {
  const active = instances.filter((i) => isActive(i.state));
  const view: MarathonApp = {
    ...app,
    cmd: app.cmd ?? null,
    args: app.args ?? null,
    ports: app.portDefinitions.map((d) => d.port),
    tasksStaged: active.filter((i) => i.state === 'TASK_STAGING' || i.state === 'TASK_STARTING').length,
    tasksRunning: active.filter((i) => i.state === 'TASK_RUNNING').length,
    tasksHealthy: 0,
    tasksUnhealthy: 0,
    deployments: deployments.map((d) => ({ id: d.id })),
  };
  if (failure) {
    view.lastTaskFailure = {
      appId: app.id, taskId: failure.taskId, state: failure.state as MarathonTask['state'], message: failure.message,
      timestamp: iso(failure.timestamp), host: failure.host, version: failure.version,
    };
  }
  if (embedTasks) view.tasks = instances.filter((i) => i.state !== 'TASK_KILLED').map((i) => taskView(i, app));
  return view;
}

export function deploymentView(d: Deployment): MarathonDeployment {
  const action = { action: d.action, app: d.appId };
  return {
    id: d.id,
    version: d.version,
    affectedApps: [d.appId],
    affectedPods: [],
    steps: [{ actions: [action] }],
    currentActions: [action],
    currentStep: 1,
    totalSteps: 1,
  };
}
