import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../../../core/clock.js';
import { DEPLOYMENT_TIMEOUT_LABEL } from '../../../core/marathon/app-definition.js';
import { DcosError, ErrorCodes, notFound } from '../../../core/errors.js';
import type { EventBus } from '../events/event-bus.js';
import type { GroupRecord } from '../groups/group.js';
import type { SchedulerState } from '../state/scheduler-state.js';
import { canonicalJson } from '../../../core/canonical-json.js';
import { restoredAs, type StoredApp } from '../state/stored-app.js';
import type { Deployment, DeploymentStep } from './deployment.js';
import type { DeploymentManager } from './deployment-manager.js';
import { buildPlan } from './plan-builder.js';

/** A change of the apps and groups, made as one deployment. Apps to put carry their new version already. */
export interface ChangeRequest {
  put?: StoredApp[];
  remove?: string[];
  putGroups?: GroupRecord[];
  removeGroups?: string[];
  /** Scale-downs from task kills: these tasks of the app go. */
  tasksToKill?: ReadonlyMap<string, string[]>;
  /** Cancel the deployments that lock the affected apps instead of answering 409. */
  force?: boolean;
  /** This deployment reverts that one (a rollback): it never rolls back by itself. */
  revertOf?: string;
  /** The change's version: the apps it puts carry it, and it answers the request. A new one when absent. */
  version?: string;
}

export interface DeployerDeps {
  state: SchedulerState;
  manager: DeploymentManager;
  clock: Clock;
  log: Logger;
  bus: EventBus;
  /** A change was stored: the scheduler converges the apps it touched. */
  afterChange(deployment: Deployment, configChanged: string[]): void;
}

/**
 * The one path every user change takes (apps, groups, task kills with scale, rollbacks):
 * the plan from what is stored to the target, the lock (one deployment per app: 409
 * naming the deployments, or with force those are cancelled), then one durable batch with
 * the apps, their versions, the groups and the deployment, and only then the scheduler
 * acts on it. Changes run one at a time, each against the state the previous one left.
 */
export class Deployer {
  private changes: Promise<unknown> = Promise.resolve();
  private lastVersion = 0;

  constructor(private readonly d: DeployerDeps) {}

  /** Runs `change` after the changes before it; a change sees the state they left. */
  exclusive<T>(change: () => Promise<T>): Promise<T> {
    const result = this.changes.then(change, change);
    this.changes = result.catch(() => undefined);
    return result;
  }

  /** Versions are ISO timestamps, strictly increasing even within one millisecond. */
  newVersion(): string {
    this.lastVersion = Math.max(this.d.clock.now(), this.lastVersion + 1);
    return new Date(this.lastVersion).toISOString();
  }

  /** The steps a change would take, without making it (PUT /v2/groups?dryRun=true). */
  preview(req: ChangeRequest): DeploymentStep[] {
    return this.planFor(req).plan.steps;
  }

  private planFor(req: ChangeRequest) {
    const { state } = this.d;
    const target = new Map(state.apps);
    for (const id of req.remove ?? []) target.delete(id);
    for (const app of req.put ?? []) target.set(app.id, app);
    const targetGroups = new Map(state.groups);
    for (const id of req.removeGroups ?? []) targetGroups.delete(id);
    for (const g of req.putGroups ?? []) targetGroups.set(g.id, g);

    const plan = buildPlan({ original: state.apps, target, originalGroups: state.groups, targetGroups, tasksToKill: req.tasksToKill });
    if (!plan.ok) {
      throw new DcosError(ErrorCodes.INVALID_DEFINITION, 'Object is not valid', {
        details: [{ path: '/dependencies', errors: [`The dependency graph has a cycle: ${plan.cycle.join(' → ')}`] }],
      });
    }
    return { plan, target };
  }

  /** Call inside exclusive(). */
  async deploy(req: ChangeRequest): Promise<Deployment> {
    const { state } = this.d;
    const { plan, target } = this.planFor(req);
    const touched = new Set([...plan.affectedApps, ...(req.put ?? []).map((a) => a.id), ...(req.remove ?? [])]);
    const locking = [...state.deployments.values()].filter((dep) => dep.affectedApps.some((a) => touched.has(a)));
    if (locking.length > 0 && !req.force) {
      throw new DcosError(
        ErrorCodes.CONFLICT,
        `App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/${locking[0].id}'.`,
        { extra: { deployments: locking.map((dep) => ({ id: dep.id })) } },
      );
    }

    const before = new Map(state.apps);
    const now = this.d.clock.now();
    const id = randomUUID();
    const version = req.version ?? this.newVersion();
    const timeout = deploymentTimeoutSeconds(plan.affectedApps.map((a) => target.get(a)));
    const deployment: Deployment = {
      id, version, createdAt: now, affectedApps: plan.affectedApps, steps: plan.steps, stepIndex: 0,
      original: Object.fromEntries(plan.affectedApps.map((a) => [a, state.apps.get(a)?.version ?? null])),
      target: Object.fromEntries(plan.affectedApps.map((a) => [a, target.get(a)?.version ?? null])),
      status: 'running',
      history: [{ at: now, event: 'started' }, ...(plan.steps.length > 0 ? [{ at: now, event: 'step-started' as const, step: 1 }] : [])],
      ...(timeout !== undefined && req.revertOf === undefined ? { deadline: now + timeout * 1000 } : {}),
      ...(req.revertOf !== undefined ? { revertOf: req.revertOf } : {}),
    };
    const cancelled = locking.map((dep): Deployment => {
      const reason = dep.id === req.revertOf ? `rolled back by deployment ${id}` : `cancelled: superseded by deployment ${id} (force)`;
      return { ...dep, status: 'cancelled', reason, finishedAt: now, history: [...dep.history, { at: now, event: dep.id === req.revertOf ? 'rolled-back' : 'cancelled', message: reason }] };
    });
    await this.ending(cancelled, () => state.apply({
      putApps: req.put, deleteApps: req.remove, putGroups: req.putGroups, deleteGroups: req.removeGroups,
      putDeployments: [deployment], finishDeployments: cancelled,
    }));
    this.publishHealthCheckChanges(req, before);
    this.d.manager.started(deployment);
    const configChanged = plan.steps.flatMap((s) => s.actions).filter((a) => a.action === 'RestartApplication' || a.action === 'StopApplication').map((a) => a.app);
    this.d.log.info({ deploymentId: id, steps: plan.steps.length, apps: plan.affectedApps, cancelled: cancelled.map((c) => c.id) }, 'deployment started');
    this.d.afterChange(deployment, configChanged);
    return deployment;
  }

  /**
   * Ends running deployments through a stored change: held while the commit is under
   * way, so that no step, success or deadline ends them a second time meanwhile.
   */
  private async ending(deps: Deployment[], commit: () => Promise<void>): Promise<void> {
    const ids = deps.map((d) => d.id);
    this.d.manager.hold(ids);
    try {
      await commit();
    } catch (err) {
      this.d.manager.release(ids);
      throw err;
    }
    this.d.manager.ended(deps);
  }

  /** Marathon's add_health_check_event and remove_health_check_event, for the checks an app gains or loses. */
  private publishHealthCheckChanges(req: ChangeRequest, before: ReadonlyMap<string, StoredApp>): void {
    const timestamp = new Date(this.d.clock.now()).toISOString();
    const changes: Array<[StoredApp | undefined, StoredApp | undefined]> = [
      ...(req.put ?? []).map((a): [StoredApp | undefined, StoredApp] => [before.get(a.id), a]),
      ...(req.remove ?? []).map((id): [StoredApp | undefined, undefined] => [before.get(id), undefined]),
    ];
    for (const [prev, next] of changes) {
      const was = new Set((prev?.healthChecks ?? []).map((h) => canonicalJson(h)));
      const now = new Set((next?.healthChecks ?? []).map((h) => canonicalJson(h)));
      for (const h of next?.healthChecks ?? []) {
        if (!was.has(canonicalJson(h))) this.d.bus.publish({ eventType: 'add_health_check_event', timestamp, appId: next!.id, version: next!.version, healthCheck: h });
      }
      for (const h of prev?.healthChecks ?? []) {
        if (!now.has(canonicalJson(h))) this.d.bus.publish({ eventType: 'remove_health_check_event', timestamp, appId: prev!.id, version: prev!.version, healthCheck: h });
      }
    }
  }

  /**
   * DELETE /v2/deployments/{id}: without force, a new deployment back to the original
   * versions (Marathon's rollback); with force, the deployment only stops, leaving the
   * apps as they are (possibly a mix of old and new tasks, as Marathon warns).
   */
  async cancel(id: string, force: boolean): Promise<Deployment | undefined> {
    return this.exclusive(async () => {
      const dep = this.d.state.deployments.get(id);
      if (!dep) throw notFound(`DeploymentPlan ${id} does not exist`);
      if (!force) return this.revertNow(dep, 'rolled back on request');
      const now = this.d.clock.now();
      const reason = 'cancelled on request (force): the apps stay as they are';
      const cancelled: Deployment = { ...dep, status: 'cancelled', reason, finishedAt: now, history: [...dep.history, { at: now, event: 'cancelled', message: reason }] };
      await this.ending([cancelled], () => this.d.state.apply({ finishDeployments: [cancelled] }));
      return undefined;
    });
  }

  /** Starts a deployment back to `dep`'s original versions (dep may be running or already ended). */
  revert(dep: Deployment, reason: string): Promise<void> {
    return this.exclusive(async () => {
      await this.revertNow(dep, reason);
    });
  }

  private async revertNow(dep: Deployment, reason: string): Promise<Deployment> {
    const put: StoredApp[] = [];
    const remove: string[] = [];
    const version = this.newVersion();
    for (const appId of dep.affectedApps) {
      const original = dep.original[appId];
      if (original === null || original === undefined) {
        if (this.d.state.apps.has(appId)) remove.push(appId);
        continue;
      }
      const def = await this.d.state.appVersion(appId, original);
      if (!def) {
        this.d.log.warn({ appId, version: original, deploymentId: dep.id }, 'cannot roll back an app: its original version is no longer stored');
        continue;
      }
      put.push(restoredAs(def, version));
    }
    this.d.log.info({ deploymentId: dep.id, reason }, 'rolling back a deployment');
    return this.deploy({ put, remove, force: true, revertOf: dep.id, version });
  }
}

/** The shortest DCOS_DEPLOYMENT_TIMEOUT_SECONDS among the apps (labels validated as positive integers). */
function deploymentTimeoutSeconds(apps: Array<StoredApp | undefined>): number | undefined {
  const values = apps.map((a) => a?.labels[DEPLOYMENT_TIMEOUT_LABEL]).filter((v): v is string => v !== undefined).map(Number).filter((n) => n > 0);
  return values.length > 0 ? Math.min(...values) : undefined;
}
