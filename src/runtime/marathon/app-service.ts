import type { Clock } from '../../core/clock.js';
import { normalizeAppDefinition } from '../../core/marathon/normalize-app.js';
import { validateAppDefinition } from '../../core/marathon/validation/validate-app.js';
import { DcosError, ErrorCodes, notFound } from '../../core/errors.js';
import { normalizeAppId } from '../../core/ids.js';
import { isActive } from '../../core/task-state.js';
import type { DeploymentResult } from '../../api/marathon-types.js';
import { newDeployment, type Deployment, type DeploymentAction } from './deployment.js';
import { planConvergence } from './convergence.js';
import type { SchedulerState } from './scheduler-state.js';
import type { ServicesScheduler } from './services-scheduler.js';
import { assignServicePorts } from './service-ports.js';
import { SCALING_FIELDS, type AppSpec, type StoredApp } from './stored-app.js';

export interface ChangeOptions {
  /** Override the lock of a running deployment (Marathon ?force=true). */
  force?: boolean;
}

/**
 * The app lifecycle behind /v2/apps: validation, versions, the deployment of each change
 * and its lock. Every change is recorded, then the scheduler converges towards it.
 */
export class AppService {
  constructor(private readonly state: SchedulerState, private readonly scheduler: ServicesScheduler, private readonly clock: Clock) {
    scheduler.onChange(() => this.finishDeployments());
  }

  list(): StoredApp[] {
    return [...this.state.apps.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  get(appId: string): StoredApp {
    const app = this.state.apps.get(normalizeAppId(appId));
    if (!app) throw notFound(`App '${normalizeAppId(appId)}' does not exist`);
    return app;
  }

  deploymentsOf(appId: string): Deployment[] {
    return [...this.state.deployments.values()].filter((d) => d.appId === appId);
  }

  deployments(): Deployment[] {
    return [...this.state.deployments.values()].sort((a, b) => a.createdAt - b.createdAt);
  }

  create(raw: unknown): Promise<{ app: StoredApp; deployment: Deployment }> {
    return this.exclusive(() => this.createNow(raw));
  }

  /** PUT /v2/apps/{id}: partial by default (Marathon's partialUpdate=true); creates the app if absent. */
  update(appId: string, raw: unknown, opts: ChangeOptions & { partial?: boolean } = {}): Promise<DeploymentResult> {
    return this.exclusive(() => this.updateNow(appId, raw, opts));
  }

  remove(appId: string, opts: ChangeOptions = {}): Promise<DeploymentResult> {
    return this.exclusive(() => this.removeNow(appId, opts));
  }

  private async createNow(raw: unknown): Promise<{ app: StoredApp; deployment: Deployment }> {
    const app = this.validated(raw);
    if (this.state.apps.has(app.id)) {
      throw new DcosError(ErrorCodes.CONFLICT, `An app with id [${app.id}] already exists.`);
    }
    const version = this.newVersion();
    const stored: StoredApp = {
      ...app,
      portDefinitions: assignServicePorts(app.portDefinitions, this.servicePortsInUse()),
      version,
      versionInfo: { lastScalingAt: version, lastConfigChangeAt: version },
    };
    const deployment = await this.commit(stored, 'StartApplication');
    return { app: stored, deployment };
  }

  private async updateNow(appId: string, raw: unknown, opts: ChangeOptions & { partial?: boolean }): Promise<DeploymentResult> {
    const id = normalizeAppId(appId);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new DcosError(ErrorCodes.INVALID_DEFINITION, 'Object is not valid', { details: [{ path: '/', errors: ['must be a JSON object'] }] });
    }
    const body = raw as Record<string, unknown>;
    if (body.id !== undefined && normalizeAppId(String(body.id)) !== id) {
      throw new DcosError(ErrorCodes.INVALID_DEFINITION, 'Object is not valid', { details: [{ path: '/id', errors: [`must be ${id} (the id in the URL)`] }] });
    }
    const existing = this.state.apps.get(id);
    if (!existing) {
      const { deployment } = await this.createNow({ ...body, id });
      return { deploymentId: deployment.id, version: deployment.version };
    }
    this.checkLock(id, opts.force);
    const base = opts.partial === false ? {} : stripComputed(existing, body);
    const app = this.validated({ ...base, ...body, id });
    const scaleOnly = Object.keys(body).every((k) => SCALING_FIELDS.has(k) || k === 'id');
    const version = this.newVersion();
    const stored: StoredApp = {
      ...app,
      portDefinitions: assignServicePorts(app.portDefinitions, this.servicePortsInUse(id)),
      version,
      versionInfo: {
        lastScalingAt: version,
        lastConfigChangeAt: scaleOnly ? existing.versionInfo.lastConfigChangeAt : version,
      },
    };
    const deployment = await this.commit(stored, scaleOnly ? 'ScaleApplication' : 'RestartApplication', () => {
      if (!scaleOnly) this.scheduler.resetBackoff(id);
    });
    return { deploymentId: deployment.id, version };
  }

  private async removeNow(appId: string, opts: ChangeOptions): Promise<DeploymentResult> {
    const app = this.get(appId);
    this.checkLock(app.id, opts.force);
    const version = this.newVersion();
    const deployment = newDeployment(app.id, 'StopApplication', version, this.clock.now());
    await this.state.apply({ deleteApps: [app.id], putDeployments: [deployment], deleteDeployments: this.deploymentIdsOf(app.id) });
    this.scheduler.resetBackoff(app.id);
    this.scheduler.convergeAll();
    return { deploymentId: deployment.id, version };
  }

  /** Ends deployments whose app now matches its definition. */
  finishDeployments(): void {
    for (const d of this.state.deployments.values()) {
      const instances = this.state.instancesOf(d.appId);
      const app = this.state.apps.get(d.appId);
      const plan = planConvergence(app, instances);
      const settling = instances.some((i) => isActive(i.state) && (i.killRequested || i.state !== 'TASK_RUNNING'));
      if (plan.kill.length === 0 && plan.launch === 0 && !settling) this.state.deleteDeployment(d.id);
    }
  }

  /** Stores the app with its deployment (replacing the app's running ones), then converges. */
  private async commit(app: StoredApp, action: DeploymentAction, afterStored?: () => void): Promise<Deployment> {
    const deployment = newDeployment(app.id, action, app.version, this.clock.now());
    await this.state.apply({ putApps: [app], putDeployments: [deployment], deleteDeployments: this.deploymentIdsOf(app.id) });
    afterStored?.();
    this.scheduler.convergeAll();
    return deployment;
  }

  /**
   * Changes run one at a time: each checks the lock and the ids in use against the
   * state the previous one left, across the await that makes it durable.
   */
  private changes: Promise<unknown> = Promise.resolve();
  private exclusive<T>(change: () => Promise<T>): Promise<T> {
    const result = this.changes.then(change, change);
    this.changes = result.catch(() => undefined);
    return result;
  }

  private checkLock(appId: string, force?: boolean): void {
    const running = this.deploymentsOf(appId);
    if (running.length > 0 && !force) {
      throw new DcosError(
        ErrorCodes.CONFLICT,
        `App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/${running[0].id}'.`,
      );
    }
  }

  private deploymentIdsOf(appId: string): string[] {
    return this.deploymentsOf(appId).map((d) => d.id);
  }

  private validated(raw: unknown): AppSpec {
    const details = validateAppDefinition(raw);
    if (details.length > 0) throw new DcosError(ErrorCodes.INVALID_DEFINITION, 'Object is not valid', { details });
    const app = normalizeAppDefinition(raw as Record<string, unknown>);
    const strategy = (raw as { upgradeStrategy?: Partial<StoredApp['upgradeStrategy']> }).upgradeStrategy ?? {};
    return {
      ...app,
      upgradeStrategy: { minimumHealthCapacity: strategy.minimumHealthCapacity ?? 1, maximumOverCapacity: strategy.maximumOverCapacity ?? 1 },
    };
  }

  private servicePortsInUse(exceptAppId?: string): Set<number> {
    const used = new Set<number>();
    for (const app of this.state.apps.values()) {
      if (app.id === exceptAppId) continue;
      for (const d of app.portDefinitions) used.add(d.port);
    }
    return used;
  }

  /** Versions are ISO timestamps, strictly increasing even within one millisecond. */
  private lastVersion = 0;
  private newVersion(): string {
    this.lastVersion = Math.max(this.clock.now(), this.lastVersion + 1);
    return new Date(this.lastVersion).toISOString();
  }
}

/**
 * What a partial update starts from: the user-settable fields of the stored app. Legacy
 * `ports` in the update replace the stored port definitions, as in Marathon.
 */
function stripComputed(app: StoredApp, update: Record<string, unknown>): Record<string, unknown> {
  const { version: _v, versionInfo: _vi, ...rest } = app;
  if (update.ports !== undefined) delete (rest as Record<string, unknown>).portDefinitions;
  return rest;
}
