import type { MarathonClient } from '../api/marathon-client.js';
import type { MarathonApp, MarathonTask } from '../api/marathon-types.js';
import type { MasterClient } from '../api/master-client.js';
import type { MasterState } from '../api/master-types.js';
import { DcosError, ErrorCodes } from '../core/errors.js';
import { normalizeAppId } from '../core/ids.js';
import type { FileReader } from './log-tail.js';

/**
 * `dcos service log APP`: app → its most recently staged task → the task's agent and
 * sandbox (from /master/state) → a sandbox file read through the master. Like DC/OS,
 * it shows one task; with several instances the newest is the one being deployed or
 * restarted, the one people want to watch.
 */
export interface LogTarget {
  appId: string;
  taskId: string;
  agentId: string;
  sandbox: string;
}

/**
 * The Marathon app(s) a service NAME means, as DC/OS resolves it (dcos-core-cli
 * service_log.go `serviceAppID`, which knows the first rule only): the apps whose label
 * DCOS_PACKAGE_FRAMEWORK_NAME is NAME; when none, those whose DCOS_SERVICE_NAME is NAME;
 * when none, the app whose id is NAME ("web" and "/web" alike). Empty when nothing matches.
 */
export function serviceApps(apps: Array<Pick<MarathonApp, 'id' | 'labels'>>, name: string): string[] {
  const byLabel = (label: string) => apps.filter((a) => a.labels?.[label] === name).map((a) => a.id).sort();
  const framework = byLabel('DCOS_PACKAGE_FRAMEWORK_NAME');
  if (framework.length > 0) return framework;
  const service = byLabel('DCOS_SERVICE_NAME');
  if (service.length > 0) return service;
  const id = normalizeAppId(name);
  return apps.some((a) => a.id === id) ? [id] : [];
}

/** The one app of a service NAME (serviceApps), or an error naming what was found instead. */
export function serviceApp(apps: Array<Pick<MarathonApp, 'id' | 'labels'>>, name: string): string {
  const found = serviceApps(apps, name);
  if (found.length === 0) {
    throw new DcosError(ErrorCodes.NOT_FOUND, `no marathon apps found for service name [${name}]: no app has the label DCOS_PACKAGE_FRAMEWORK_NAME or DCOS_SERVICE_NAME ${name}, and no app has the id /${name.replace(/^\/+/, '')}`);
  }
  if (found.length > 1) throw new DcosError(ErrorCodes.CONFLICT, `multiple marathon apps found for service name [${name}]: [${found.join(', ')}]; give an app id instead`);
  return found[0];
}

export function newestTask(tasks: MarathonTask[]): MarathonTask | undefined {
  return [...tasks].sort((a, b) => (b.stagedAt ?? '').localeCompare(a.stagedAt ?? '') || b.id.localeCompare(a.id))[0];
}

/** Where the master says a task's sandbox is. */
export function locateTask(state: Pick<MasterState, 'frameworks'>, taskId: string): { agentId: string; sandbox?: string } | undefined {
  for (const f of state.frameworks ?? []) {
    for (const t of [...(f.tasks ?? []), ...(f.completed_tasks ?? [])]) {
      if (t.id === taskId) return { agentId: t.slave_id, sandbox: t.sandbox_directory };
    }
  }
  return undefined;
}

export async function resolveLogTarget(marathon: MarathonClient, master: MasterClient, appId: string, task?: MarathonTask): Promise<LogTarget> {
  const chosen = task ?? newestTask(await marathon.listTasks(appId));
  if (!chosen) throw new DcosError(ErrorCodes.NOT_FOUND, `app ${appId} has no tasks: start it with \`dcos marathon app start ${appId}\``);
  const where = locateTask(await master.state(), chosen.id);
  if (!where) throw new DcosError(ErrorCodes.NOT_FOUND, `the master does not know task ${chosen.id} (yet); try again`);
  if (!where.sandbox) throw new DcosError(ErrorCodes.NOT_FOUND, `the master reports no sandbox for task ${chosen.id}`);
  return { appId: chosen.appId ?? appId, taskId: chosen.id, agentId: where.agentId || chosen.slaveId, sandbox: where.sandbox };
}

export function sandboxFileReader(master: MasterClient, target: LogTarget, file: string): FileReader {
  const path = `${target.sandbox.replace(/\/+$/, '')}/${file.replace(/^\/+/, '')}`;
  return { read: (offset, length) => master.readFile(target.agentId, path, offset, length) };
}
