import type { Logger } from 'pino';
import { setDeadlineTimer, type Clock, type TimerHandle } from '../../core/clock.js';
import type { Offer, TaskLaunch, TaskStatus } from '../../core/framework.js';
import { isTerminal } from '../../core/task-state.js';
import { FrameworkDriver } from '../framework/framework-driver.js';
import type { FrameworkScheduler } from '../framework/framework-scheduler.js';
import type { FrameworkRegistry } from '../../core/framework.js';
import type { Candidate, PlacementRequest, PlacementStack } from '../placement/placement.js';
import { placementRequest } from './apps/placement-request.js';
import { buildLaunch } from './apps/task-factory.js';
import { planConvergence, isActionDone, type ConvergencePlan } from './deployments/convergence.js';
import type { Deployment, DeploymentAction } from './deployments/deployment.js';
import type { DeploymentManager } from './deployments/deployment-manager.js';
import { effectiveTarget, type EffectiveTarget } from './deployments/effective-target.js';
import type { EventBus } from './events/event-bus.js';
import { statusEvents } from './events/status-events.js';
import { applyHealth } from './health/instance-health.js';
import type { ReadinessChecker, ReadinessTarget } from './health/readiness-checker.js';
import { readinessTargets, waitsOnReadiness } from './health/readiness-targets.js';
import type { LaunchQueue } from './launch-queue/launch-queue.js';
import { failureOf } from './launch-queue/task-failure-rule.js';
import type { Instance, KillReason } from './state/instance.js';
import { withStatus } from './state/instance-update.js';
import type { SchedulerState } from './state/scheduler-state.js';
import type { StoredApp } from './state/stored-app.js';

export interface ServicesSchedulerOptions {
  clock: Clock;
  log: Logger;
  state: SchedulerState;
  bus: EventBus;
  placement: PlacementStack;
  queue: LaunchQueue;
  readiness: ReadinessChecker;
  /** Set right after construction (the manager needs the scheduler's judgement of actions). */
  manager?: DeploymentManager;
  random?: () => number;
  /** Refusal on declined offers (Marathon --decline_offer_duration, 120 s); a revive clears it. */
  declineSeconds?: number;
  /** For scheduler_registered_event. */
  masterUrl?: () => string;
}

/** Status updates and deployment steps change many apps at once: each is converged once per round. */
const MAX_ROUNDS = 16;

/**
 * The Marathon-like framework. It keeps every app at its effective target (the running
 * deployment's current step, or the stored definition): launches on offers through the
 * placement stack, relaunches after backoff, kills surplus, outdated (within the upgrade
 * strategy), unhealthy and removed tasks, and advances deployments as their steps are
 * done. Decisions come from pure functions (planConvergence, isActionDone, applyHealth);
 * this class records what happened and talks to the master through the FrameworkDriver.
 *
 * Work is batched: a status update marks its app dirty and the apps are converged once,
 * after the whole batch (a microtask later), so 1,000 updates of one app cost one pass.
 */
export class ServicesScheduler implements FrameworkScheduler {
  readonly driver: FrameworkDriver;
  private readonly random: () => number;
  private readonly dirty = new Set<string>();
  private readonly pending = new Map<string, number>();
  private readonly wakeTimers = new Map<string, { at: number; timer: TimerHandle }>();
  private scheduled = false;
  private stopped = false;

  constructor(private readonly o: ServicesSchedulerOptions) {
    this.random = o.random ?? Math.random;
    this.driver = new FrameworkDriver(this, { info: { name: 'marathon', role: '*' }, declineSeconds: o.declineSeconds });
  }

  get state(): SchedulerState {
    return this.o.state;
  }

  set manager(m: DeploymentManager) {
    this.o.manager = m;
  }

  start(master: FrameworkRegistry): void {
    this.driver.start(master);
    this.touchAll();
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.wakeTimers.values()) w.timer.cancel();
    this.wakeTimers.clear();
  }

  get frameworkId(): string | undefined {
    return this.driver.frameworkId;
  }

  /** The app's definition, instances or deployment changed: converge it soon. */
  touch(appIds: Iterable<string>): void {
    for (const id of appIds) this.dirty.add(id);
    this.schedule();
  }

  touchAll(): void {
    this.touch([...this.state.apps.keys(), ...this.state.appIdsWithInstances()]);
  }

  /** Runs pending work now (tests, and before answering offers). */
  processNow(): void {
    this.scheduled = false;
    for (let round = 0; round < MAX_ROUNDS && this.dirty.size > 0; round++) {
      const apps = [...this.dirty];
      this.dirty.clear();
      for (const appId of apps) this.converge(appId);
      this.o.manager?.progress(apps);
    }
    // Work left after the last round (a long chain of steps finishing at once) runs soon.
    if (this.dirty.size > 0) this.schedule();
    this.trackReadiness();
    this.driver.demandChanged();
  }

  targetOf(appId: string): EffectiveTarget {
    return effectiveTarget(appId, this.state.apps.get(appId), this.o.manager?.affecting(appId));
  }

  /** Launches wanted for the app now (0 while its backoff delay runs). */
  pendingOf(appId: string): number {
    return this.pending.get(appId) ?? 0;
  }

  isActionDone(deployment: Deployment, action: DeploymentAction): boolean {
    return isActionDone(
      action, effectiveTarget(action.app, this.state.apps.get(action.app), deployment), this.state.instancesOf(action.app), this.o.clock.now(), deployment.createdAt,
    );
  }

  // ---- FrameworkScheduler ----

  storedFrameworkId(): string | undefined {
    return this.state.frameworkId;
  }

  subscribed(frameworkId: string): void {
    const again = frameworkId === this.state.frameworkId;
    if (!again) this.state.setFrameworkId(frameworkId);
    this.o.bus.publish({
      eventType: again ? 'scheduler_reregistered_event' : 'scheduler_registered_event', timestamp: this.iso(), frameworkId, master: this.o.masterUrl?.() ?? '',
    });
  }

  knownTasks(): Array<{ taskId: string; agentId: string }> {
    return [...this.state.instances.values()].map((i) => ({ taskId: i.taskId, agentId: i.agentId }));
  }

  isKnown(taskId: string): boolean {
    return this.state.instances.has(taskId);
  }

  decidedKills(): Array<{ taskId: string; gracePeriodSeconds?: number }> {
    return [...this.state.instances.values()]
      .filter((i) => i.killRequested && !isTerminal(i.state))
      .map((i) => ({ taskId: i.taskId, ...this.grace(i.appId) }));
  }

  pendingLaunches(): ReadonlyMap<string, number> {
    return new Map(this.pending);
  }

  placeOffers(offers: Offer[]): Map<string, TaskLaunch[]> {
    if (this.dirty.size > 0) this.processNow();
    const requests: PlacementRequest[] = [];
    for (const [appId, count] of this.pending) {
      const target = this.targetOf(appId);
      if (count <= 0 || target.kind !== 'run') continue;
      requests.push(placementRequest(target.spec, count, this.state.instancesOf(appId)));
    }
    const result = new Map<string, TaskLaunch[]>();
    if (requests.length === 0) return result;
    const candidates: Candidate[] = offers.map((o) => ({
      offerId: o.id, agentId: o.agentId, hostname: o.hostname, attributes: o.attributes, role: o.role, capabilities: new Set(o.capabilities), resources: o.resources,
    }));
    const placed = this.o.placement.place(requests, candidates, this.random);
    const offerById = new Map(offers.map((o) => [o.id, o]));
    for (const p of placed.placements) {
      const app = this.state.apps.get(p.key)!;
      const launch = buildLaunch(app, p);
      const onOffer = result.get(p.offerId);
      if (onOffer) onOffer.push(launch);
      else result.set(p.offerId, [launch]);
      this.recordLaunch(app, offerById.get(p.offerId)!, launch, p.ports);
      const left = (this.pending.get(app.id) ?? 0) - 1;
      if (left > 0) this.pending.set(app.id, left);
      else this.pending.delete(app.id);
    }
    for (const [appId, outcome] of placed.outcomes) this.o.queue.recordOutcome(appId, outcome);
    return result;
  }

  update(status: TaskStatus): void {
    const prev = this.state.instances.get(status.taskId);
    if (!prev) return;
    const now = this.o.clock.now();
    let next = withStatus(prev, status, now);
    const health = applyHealth(next, status, now);
    next = health.instance;
    const stateChanged = prev.state !== status.state;
    if (isTerminal(status.state)) {
      this.state.deleteInstance(next.taskId);
      this.afterTermination(prev, next, status);
    } else {
      this.state.putInstance(next);
      // A task this scheduler wants dead reports it runs (its agent came back): ask again.
      if (next.killRequested && status.state === 'TASK_RUNNING' && stateChanged) this.driver.kill(next.taskId, this.grace(next.appId).gracePeriodSeconds);
    }
    if (stateChanged) this.publishStatus(next, status);
    for (const e of health.events) this.o.bus.publish(e);
    if (health.killFor !== undefined && !isTerminal(status.state)) this.killUnhealthy(next, health.killFor);
    this.touch([next.appId]);
  }

  // ---- kills ----

  /** Task kills through the API without scale: the tasks end and are replaced. */
  killForApi(instances: Instance[]): void {
    for (const i of instances) this.kill(i, 'api');
    this.touch(instances.map((i) => i.appId));
  }

  private kill(instance: Instance, reason: KillReason): void {
    const current = this.state.instances.get(instance.taskId) ?? instance;
    if (current.killRequested) return;
    this.state.putInstance({ ...current, killRequested: true, killReason: reason });
    this.driver.kill(current.taskId, this.grace(current.appId).gracePeriodSeconds);
  }

  private killUnhealthy(instance: Instance, cause: string): void {
    this.o.log.info({ taskId: instance.taskId, appId: instance.appId, cause }, 'killing an unhealthy task');
    this.kill(instance, 'unhealthy');
    const base = { timestamp: this.iso(), appId: instance.appId, taskId: instance.taskId, instanceId: instance.taskId, version: instance.version, reason: cause, host: instance.host, slaveId: instance.agentId };
    this.o.bus.publish({ eventType: 'unhealthy_task_kill_event', ...base });
    this.o.bus.publish({ eventType: 'unhealthy_instance_kill_event', ...base });
  }

  private grace(appId: string): { gracePeriodSeconds?: number } {
    const g = this.state.apps.get(appId)?.taskKillGracePeriodSeconds;
    return g === null || g === undefined ? {} : { gracePeriodSeconds: g };
  }

  // ---- convergence ----

  private converge(appId: string): void {
    if (this.stopped) return;
    const target = this.targetOf(appId);
    const plan: ConvergencePlan = planConvergence(target, this.state.instancesOf(appId), this.o.clock.now());
    for (const { instance, reason } of plan.kill) this.kill(instance, reason);
    const wanted = target.kind === 'run' && !this.o.queue.isDelayed(appId) ? plan.launch : 0;
    if (wanted > 0) this.pending.set(appId, wanted);
    else this.pending.delete(appId);
    this.o.queue.setWaiting(appId, target.kind === 'run' ? plan.launch : 0);
    this.armWake(appId, plan.wakeAt);
    if (target.kind === 'stop' && this.state.instancesOf(appId).length === 0 && !this.state.apps.has(appId)) this.o.queue.forget(appId);
  }

  /** Unreachable tasks become inactive (replaced) or expunged at a time: look again then. */
  private armWake(appId: string, at: number | undefined): void {
    const current = this.wakeTimers.get(appId);
    if (at === undefined) {
      current?.timer.cancel();
      this.wakeTimers.delete(appId);
      return;
    }
    if (current && current.at === at) return;
    current?.timer.cancel();
    this.wakeTimers.set(appId, { at, timer: setDeadlineTimer(this.o.clock, at, () => { this.wakeTimers.delete(appId); this.touch([appId]); }) });
  }

  /** Readiness checks run for the tasks whose deployment step waits on them. */
  private trackReadiness(): void {
    const targets: ReadinessTarget[] = [];
    for (const dep of this.state.deployments.values()) {
      for (const appId of dep.affectedApps) {
        const target = this.targetOf(appId);
        if (waitsOnReadiness(target)) targets.push(...readinessTargets(target, this.state.instancesOf(appId)));
      }
    }
    this.o.readiness.track(targets);
  }

  /** A readiness result from the checker. */
  readinessResult(taskId: string, ready: boolean): void {
    const i = this.state.instances.get(taskId);
    if (!i || i.ready === ready) return;
    this.state.putInstance({ ...i, ready });
    this.touch([i.appId]);
  }

  private recordLaunch(app: StoredApp, offer: Offer, launch: TaskLaunch, ports: number[]): void {
    this.state.putInstance({
      taskId: launch.taskId, appId: app.id, agentId: offer.agentId, host: offer.hostname, agentAttributes: offer.attributes,
      ports, resources: launch.resources, state: 'TASK_STAGING', stagedAt: this.o.clock.now(),
      version: app.version, configVersion: app.versionInfo.lastConfigChangeAt, healthChecks: app.healthChecks,
    });
  }

  private afterTermination(prev: Instance, ended: Instance, status: TaskStatus): void {
    const app = this.state.apps.get(prev.appId);
    const failure = app && failureOf(prev, ended, status, this.o.clock.now());
    if (!app || !failure) return;
    this.state.putFailure(failure);
    const next = this.o.queue.recordFailure(app);
    this.o.log.info({ appId: app.id, taskId: prev.taskId, state: status.state, delayMs: next.delayMs }, 'task failed; relaunch delayed');
  }

  /** The backoff delay of an app ended: it may launch again. */
  delayEnded(appId: string): void {
    this.touch([appId]);
  }

  private publishStatus(i: Instance, status: TaskStatus): void {
    for (const e of statusEvents(i, status.state, status.message ?? '', this.iso())) this.o.bus.publish(e);
  }

  private schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    queueMicrotask(() => {
      if (this.scheduled) this.processNow();
    });
  }

  private iso(): string {
    return new Date(this.o.clock.now()).toISOString();
  }
}
