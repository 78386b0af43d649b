import { DcosError, ErrorCodes, notFound, type ValidationDetail } from '../../../core/errors.js';
import { normalizeAppId } from '../../../core/ids.js';
import type { AppDefinition } from '../../../core/marathon/app-definition.js';
import { normalizeAppDefinition } from '../../../core/marathon/normalize-app.js';
import { isRollbackRequest, rollbackProblems, validateAppDefinition } from '../../../core/marathon/validation/validate-app.js';
import { isActive } from '../../../core/task-state.js';
import type { Deployer } from '../deployments/deployer.js';
import type { Deployment } from '../deployments/deployment.js';
import type { SchedulerState } from '../state/scheduler-state.js';
import type { Instance } from '../state/instance.js';
import { isConfigChange, restoredAs, type StoredApp } from '../state/stored-app.js';
import { assignServicePorts } from './service-ports.js';

export interface ChangeOptions {
  /** Cancel the deployments that lock the app instead of answering 409 (Marathon ?force=true). */
  force?: boolean;
}

export interface UpdateOptions extends ChangeOptions {
  /** Marathon's partialUpdate (default true for PUT): fields left out keep their value. */
  partial?: boolean;
}

/** What a task kill asks the scheduler to do with the tasks (the scheduler owns kills). */
export interface TaskKiller {
  killForApi(instances: Instance[]): void;
}

export type ChangeResult = { app: StoredApp; deployment: Deployment; created: boolean };

const invalid = (details: ValidationDetail[]) => new DcosError(ErrorCodes.INVALID_DEFINITION, 'Object is not valid', { details });

/**
 * The app lifecycle behind /v2/apps: validation, versions, service ports, and the
 * deployment of each change (through the Deployer, which owns plans and locks).
 */
export class AppService {
  constructor(private readonly state: SchedulerState, private readonly deployer: Deployer, private readonly killer: TaskKiller) {}

  get(appId: string): StoredApp {
    const app = this.state.apps.get(normalizeAppId(appId));
    if (!app) throw notFound(`App '${normalizeAppId(appId)}' does not exist`);
    return app;
  }

  /** POST /v2/apps */
  create(raw: unknown, opts: ChangeOptions = {}): Promise<ChangeResult> {
    return this.deployer.exclusive(async () => {
      const spec = this.validated(raw);
      this.checkNewId(spec.id);
      const version = this.deployer.newVersion();
      const app = this.stamp(spec, undefined, version);
      const deployment = await this.deployer.deploy({ put: [app], force: opts.force, version });
      return { app, deployment, created: true };
    });
  }

  /** PUT /v2/apps/{id}: replaces or creates; `{"version": v}` alone rolls back to version v. */
  update(appId: string, raw: unknown, opts: UpdateOptions = {}): Promise<ChangeResult> {
    return this.deployer.exclusive(async () => {
      const id = normalizeAppId(appId);
      const body = this.objectBody(raw, id);
      const existing = this.state.apps.get(id);
      if (isRollbackRequest(body)) return this.rollbackNow(id, String(body.version), opts);
      const mixed = rollbackProblems(body);
      if (mixed.length > 0) throw invalid(mixed);
      if (!existing) {
        const spec = this.validated({ ...body, id });
        this.checkNewId(id);
        const version = this.deployer.newVersion();
        const app = this.stamp(spec, undefined, version);
        return { app, deployment: await this.deployer.deploy({ put: [app], force: opts.force, version }), created: true };
      }
      const app = this.merged(existing, body, opts.partial !== false, this.deployer.newVersion());
      return { app, deployment: await this.deployer.deploy({ put: [app], force: opts.force, version: app.version }), created: false };
    });
  }

  /** PATCH /v2/apps/{id}: a partial update of an existing app. */
  patch(appId: string, raw: unknown, opts: ChangeOptions = {}): Promise<ChangeResult> {
    return this.deployer.exclusive(async () => {
      const existing = this.get(appId);
      const body = this.objectBody(raw, existing.id);
      if (body.version !== undefined) throw invalid([{ path: '/version', errors: ['is set by the scheduler; roll back with PUT and {"version": ...}'] }]);
      const app = this.merged(existing, body, true, this.deployer.newVersion());
      return { app, deployment: await this.deployer.deploy({ put: [app], force: opts.force, version: app.version }), created: false };
    });
  }

  /**
   * PUT /v2/apps (create or update, `partial` as for one app) and PATCH /v2/apps (every
   * app must exist): one deployment for all, in dependency order. Problems of every app
   * are listed, each path under its index: /(2)/cpus.
   */
  batch(raw: unknown, opts: UpdateOptions & { mustExist: boolean }): Promise<Deployment> {
    return this.deployer.exclusive(async () => {
      if (!Array.isArray(raw)) throw invalid([{ path: '/', errors: ['must be a JSON array of app definitions'] }]);
      const details: ValidationDetail[] = [];
      const apps: StoredApp[] = [];
      const version = this.deployer.newVersion();
      const seen = new Set<string>();
      raw.forEach((item: unknown, i: number) => {
        try {
          if (typeof item !== 'object' || item === null || Array.isArray(item) || typeof (item as { id?: unknown }).id !== 'string') {
            throw invalid([{ path: '/id', errors: ['is required'] }]);
          }
          const body = item as Record<string, unknown>;
          const id = normalizeAppId(String(body.id));
          if (seen.has(id)) throw invalid([{ path: '/id', errors: [`${id} appears more than once in the list`] }]);
          seen.add(id);
          const existing = this.state.apps.get(id);
          if (!existing && opts.mustExist) throw invalid([{ path: '/id', errors: [`App '${id}' does not exist`] }]);
          apps.push(existing ? this.merged(existing, body, opts.partial !== false, version, apps) : this.stamp(this.validated(body), undefined, version, apps));
        } catch (err) {
          if (!(err instanceof DcosError) || !err.details) throw err;
          for (const d of err.details) details.push({ ...d, path: `/(${i})${d.path === '/' ? '' : d.path}` });
        }
      });
      if (details.length > 0) throw invalid(details);
      return this.deployer.deploy({ put: apps, force: opts.force, version });
    });
  }

  /** DELETE /v2/apps/{id} */
  remove(appId: string, opts: ChangeOptions = {}): Promise<Deployment> {
    return this.deployer.exclusive(async () => {
      const app = this.get(appId);
      return this.deployer.deploy({ remove: [app.id], force: opts.force });
    });
  }

  /** POST /v2/apps/{id}/restart: a new config version, so every task is replaced (rolling, by the upgrade strategy). */
  restart(appId: string, opts: ChangeOptions = {}): Promise<Deployment> {
    return this.deployer.exclusive(async () => {
      const app = this.get(appId);
      const version = this.deployer.newVersion();
      return this.deployer.deploy({ put: [{ ...app, version, versionInfo: { lastScalingAt: version, lastConfigChangeAt: version } }], force: opts.force, version });
    });
  }

  /**
   * Task kills (DELETE /v2/apps/{id}/tasks[/{taskId}], POST /v2/tasks/delete). With
   * scale, the apps are scaled down by the tasks killed, in one deployment that kills
   * exactly those tasks; without, the tasks are killed and replaced.
   */
  killTasks(instances: Instance[], opts: ChangeOptions & { scale: boolean }): Promise<Deployment | undefined> {
    return this.deployer.exclusive(async () => {
      const live = instances.filter((i) => isActive(i.state) && !i.killRequested);
      if (!opts.scale) {
        this.killer.killForApi(instances.filter((i) => isActive(i.state) || i.state === 'TASK_UNREACHABLE'));
        return undefined;
      }
      const byApp = new Map<string, string[]>();
      for (const i of live) byApp.set(i.appId, [...(byApp.get(i.appId) ?? []), i.taskId]);
      const version = this.deployer.newVersion();
      const put: StoredApp[] = [];
      for (const [appId, taskIds] of byApp) {
        const app = this.state.apps.get(appId);
        if (!app) continue;
        put.push({ ...app, instances: Math.max(0, app.instances - taskIds.length), version, versionInfo: { ...app.versionInfo, lastScalingAt: version } });
      }
      return this.deployer.deploy({ put, tasksToKill: byApp, force: opts.force, version });
    });
  }

  private async rollbackNow(id: string, version: string, opts: ChangeOptions): Promise<ChangeResult> {
    if (Number.isNaN(Date.parse(version))) throw invalid([{ path: '/version', errors: [`must be an ISO-8601 timestamp of a version of ${id}, got "${version}"`] }]);
    const def = await this.state.appVersion(id, version);
    if (!def) throw notFound(`App '${id}' does not exist in version ${version}`);
    const next = this.deployer.newVersion();
    const app = restoredAs(def, next);
    return { app, deployment: await this.deployer.deploy({ put: [app], force: opts.force, version: next }), created: false };
  }

  private objectBody(raw: unknown, id: string): Record<string, unknown> {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid([{ path: '/', errors: ['must be a JSON object'] }]);
    const body = raw as Record<string, unknown>;
    if (body.id !== undefined && (typeof body.id !== 'string' || normalizeAppId(body.id) !== id)) {
      throw invalid([{ path: '/id', errors: [`must be ${id} (the id in the URL)`] }]);
    }
    return body;
  }

  /** The existing app changed by `body`: merged field by field when partial, else replaced. */
  private merged(existing: StoredApp, body: Record<string, unknown>, partial: boolean, version: string, others: StoredApp[] = []): StoredApp {
    const base = partial ? userFields(existing, body) : {};
    const spec = this.validated({ ...base, ...body, id: existing.id });
    return this.stamp(spec, existing, version, others);
  }

  /** A validated spec as stored: service ports assigned, versions stamped (a scale keeps lastConfigChangeAt). */
  private stamp(spec: AppDefinition, existing: StoredApp | undefined, version: string, others: StoredApp[] = []): StoredApp {
    const inUse = new Set<number>();
    for (const a of [...this.state.apps.values(), ...others]) {
      if (a.id === spec.id) continue;
      for (const d of a.portDefinitions) inUse.add(d.port);
    }
    const withPorts = { ...spec, portDefinitions: assignServicePorts(spec.portDefinitions, inUse, existing?.portDefinitions) };
    const configChange = !existing || isConfigChange(existing, withPorts);
    return {
      ...withPorts,
      version,
      versionInfo: { lastScalingAt: version, lastConfigChangeAt: configChange ? version : existing.versionInfo.lastConfigChangeAt },
    };
  }

  private validated(raw: unknown): AppDefinition {
    const details = validateAppDefinition(raw);
    if (details.length > 0) throw invalid(details);
    return normalizeAppDefinition(raw as Record<string, unknown>);
  }

  private checkNewId(id: string): void {
    if (this.state.apps.has(id)) throw new DcosError(ErrorCodes.CONFLICT, `An app with id [${id}] already exists.`);
    const group = [...this.state.apps.keys()].find((other) => other.startsWith(`${id}/`));
    if (group || this.state.groups.has(id)) throw new DcosError(ErrorCodes.CONFLICT, `A group with id [${id}] already exists.`);
  }
}

/**
 * What a partial update starts from: the user-settable fields of the stored app. Legacy
 * `ports` in the update replace the stored port definitions, and `uris` the fetch list,
 * as in Marathon.
 */
function userFields(app: StoredApp, update: Record<string, unknown>): Record<string, unknown> {
  const { version: _v, versionInfo: _vi, ...rest } = app;
  const fields: Record<string, unknown> = { ...rest };
  if (update.ports !== undefined) delete fields.portDefinitions;
  if (update.uris !== undefined) delete fields.fetch;
  // Moving to container networks: host port definitions no longer apply (Marathon's AppUpdate does the same).
  if (Array.isArray(update.networks) && update.networks.some((n) => (n as { mode?: unknown })?.mode !== 'host') && update.portDefinitions === undefined) {
    delete fields.portDefinitions;
  }
  if (update.cmd !== undefined && update.args === undefined) fields.args = null;
  if (update.args !== undefined && update.cmd === undefined) fields.cmd = null;
  return fields;
}
