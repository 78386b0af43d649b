import type { MarathonApp, QueueItem } from '../api/marathon-types.js';
import type { MesosFramework } from '../api/master-types.js';
import { formatTable } from './table.js';
import { EMPTY } from './views.js';

/**
 * `dcos service list` (this project's view; dcos-core-cli lists only Mesos frameworks):
 * one row per service, i.e. each Marathon app a package installed (label DCOS_PACKAGE_NAME
 * or DCOS_PACKAGE_FRAMEWORK_NAME) and each framework the master knows. A package's
 * scheduler app and the framework it registers (same DCOS_PACKAGE_FRAMEWORK_NAME) are one
 * service, shown on the app's row with the framework's id.
 */
export interface ServiceRow {
  name: string;
  /** The package, for an app a package installed. */
  package?: string;
  version?: string;
  /** The Marathon app, when the service runs as one. */
  app?: string;
  /** The Mesos framework, when one of that name is registered. */
  frameworkId?: string;
  /** "running/instances" for an app, "running/all" tasks for a framework. */
  tasks: string;
  health: 'healthy' | 'unhealthy' | 'unknown';
  status: string;
}

/** From Marathon's counts: unknown without health checks or before any check answered. */
export function appHealth(app: MarathonApp): ServiceRow['health'] {
  if (!Array.isArray(app.healthChecks) || app.healthChecks.length === 0) return 'unknown';
  if (app.tasksUnhealthy > 0) return 'unhealthy';
  if (app.tasksRunning > 0 && app.tasksHealthy >= app.tasksRunning) return 'healthy';
  return 'unknown';
}

/** Waiting: <why> while instances wait to launch; Deploying; Suspended at 0 instances; Running; else Starting. */
export function appStatus(app: MarathonApp, queued?: QueueItem): string {
  if (queued && queued.count > 0) return `Waiting: ${queued.waitingReason || 'to be launched'}`;
  if ((app.deployments ?? []).length > 0) return 'Deploying';
  if (app.instances === 0) return 'Suspended';
  return app.tasksRunning >= app.instances ? 'Running' : 'Starting';
}

const isPackageApp = (a: MarathonApp) => a.labels?.DCOS_PACKAGE_NAME !== undefined || a.labels?.DCOS_PACKAGE_FRAMEWORK_NAME !== undefined;

export function serviceRows(apps: MarathonApp[], frameworks: MesosFramework[], queue: QueueItem[]): ServiceRow[] {
  const queued = new Map(queue.map((q) => [q.app.id, q]));
  const frameworkByName = new Map(frameworks.map((f) => [f.name, f]));
  const claimed = new Set<string>();
  const rows: ServiceRow[] = [];
  for (const app of apps.filter(isPackageApp)) {
    const frameworkName = app.labels.DCOS_PACKAGE_FRAMEWORK_NAME;
    const framework = frameworkName === undefined ? undefined : frameworkByName.get(frameworkName);
    if (framework) claimed.add(framework.id);
    rows.push({
      name: frameworkName ?? app.labels.DCOS_SERVICE_NAME ?? app.id.replace(/^\//, ''),
      package: app.labels.DCOS_PACKAGE_NAME,
      version: app.labels.DCOS_PACKAGE_VERSION,
      app: app.id,
      frameworkId: framework?.id,
      tasks: `${app.tasksRunning}/${app.instances}`,
      health: appHealth(app),
      status: appStatus(app, queued.get(app.id)),
    });
  }
  for (const f of frameworks) {
    if (claimed.has(f.id)) continue;
    const running = (f.tasks ?? []).filter((t) => t.state === 'TASK_RUNNING').length;
    rows.push({
      name: f.name,
      frameworkId: f.id,
      tasks: `${running}/${(f.tasks ?? []).length}`,
      health: 'unknown',
      status: f.active ? 'Running' : 'Inactive',
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name) || (a.app ?? '').localeCompare(b.app ?? ''));
}

export function serviceTable(rows: ServiceRow[]): string {
  return formatTable(
    [
      { header: 'name', get: (r) => r.name },
      { header: 'package', get: (r) => r.package ?? EMPTY },
      { header: 'version', get: (r) => r.version ?? EMPTY },
      { header: 'app', get: (r) => r.app ?? EMPTY },
      { header: 'tasks', get: (r) => r.tasks, align: 'right' },
      { header: 'health', get: (r) => r.health },
      { header: 'status', get: (r) => r.status },
    ],
    rows,
  );
}
