import type { MarathonApi } from '../marathon/api/marathon-api.js';
import { queueItemOf } from '../marathon/api/queue-view.js';
import { taskCounts } from '../marathon/api/views.js';
import type { StoredApp } from '../marathon/state/stored-app.js';
import type { FrameworkPort, MarathonPort, ServiceApp } from '../packages/service/ports.js';
import type { FrameworkManager } from './framework-manager.js';

/** The package service's view of the services scheduler: the same calls /v2/apps makes, in-process. */
export function marathonPort(api: MarathonApi): MarathonPort {
  const view = (a: StoredApp): ServiceApp => ({ id: a.id, labels: a.labels, instances: a.instances, env: a.env });
  return {
    apps: () => api.read.apps().map(view),
    app: (id) => {
      const a = api.read.app(id);
      return a && view(a);
    },
    status: (id) => {
      const a = api.read.app(id);
      if (!a) return undefined;
      const { tasksRunning, tasksHealthy, tasksUnhealthy } = taskCounts(api.read.instancesOf(id));
      const waitingReason = queueItemOf(api.read, a, false)?.waitingReason;
      return {
        instances: a.instances, tasksRunning, tasksHealthy, tasksUnhealthy,
        ...(waitingReason !== undefined ? { waitingReason } : {}),
        deployments: api.read.deploymentsOf(id).map((d) => d.id),
      };
    },
    create: async (raw) => {
      const { app, deployment } = await api.apps.create(raw);
      return { appId: app.id, deploymentId: deployment.id };
    },
    replace: async (id, raw) => ({ deploymentId: (await api.apps.update(id, raw, { partial: false, force: true })).deployment.id }),
    remove: async (id) => ({ deploymentId: (await api.apps.remove(id, { force: true })).id }),
  };
}

/** Frameworks by name, for uninstall's teardown; the built-in services scheduler is never torn down. */
export function frameworkPort(frameworks: FrameworkManager, builtIn: () => string | undefined): FrameworkPort {
  return {
    idsNamed: (name) => frameworks.frameworks().filter((f) => f.name === name && f.id !== builtIn()).map((f) => f.id),
    teardown: (id) => frameworks.teardown(id),
  };
}
