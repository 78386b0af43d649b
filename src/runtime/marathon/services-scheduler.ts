import type { Logger } from 'pino';
import { setDeadlineTimer, type Clock, type TimerHandle } from '../../core/clock.js';
import type { FrameworkRegistry, Offer, SchedulerCalls, TaskLaunch, TaskStatus } from '../../core/framework.js';
import { subtractResources } from '../../core/resources.js';
import { isActive, isTerminal } from '../../core/task-state.js';
import { afterFailure, isDelayed, noBackoff } from './backoff.js';
import { planConvergence } from './convergence.js';
import type { Instance } from './instance.js';
import type { SchedulerState } from './scheduler-state.js';
import type { StoredApp } from './stored-app.js';
import { buildLaunch } from './task-factory.js';

export interface ServicesSchedulerOptions {
  clock: Clock;
  log: Logger;
  state: SchedulerState;
  random?: () => number;
  /** Refusal on declined offers (Marathon --decline_offer_duration, 120 s); a revive clears it. */
  declineSeconds?: number;
}

/** Last failure of an app's task, for GET /v2/apps (lastTaskFailure). */
export interface TaskFailure {
  taskId: string;
  state: string;
  message: string;
  timestamp: number;
  host: string;
  version: string;
}

/**
 * The Marathon-like framework. It keeps each app at its wanted instances: launches on
 * offers, relaunches failed tasks after their backoff, kills surplus and outdated tasks,
 * and kills everything of a removed app. All decisions come from planConvergence; this
 * class turns them into calls on the master and records what happened.
 */
export class ServicesScheduler {
  private calls?: SchedulerCalls;
  private readonly random: () => number;
  private readonly declineSeconds: number;
  private suppressed = false;
  private readonly failures = new Map<string, TaskFailure>();
  /** Per app: the timer that ends its launch delay. */
  private readonly delayTimers = new Map<string, TimerHandle>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly o: ServicesSchedulerOptions) {
    this.random = o.random ?? Math.random;
    this.declineSeconds = o.declineSeconds ?? 120;
  }

  get state(): SchedulerState {
    return this.o.state;
  }

  /** Subscribes as a framework and reconciles every instance it knows with the master. */
  start(master: FrameworkRegistry): void {
    this.calls = master.subscribe({ id: this.state.frameworkId, name: 'marathon', role: '*' }, {
      subscribed: (id) => {
        if (id !== this.state.frameworkId) this.state.setFrameworkId(id);
      },
      offers: (offers) => this.onOffers(offers),
      rescind: () => undefined,
      update: (status) => this.onUpdate(status),
    });
    // Explicit reconciliation tells which known tasks the master lost (TASK_LOST);
    // implicit reconciliation reports tasks the master runs that this scheduler has no
    // record of, which onUpdate then kills.
    const known = [...this.state.instances.values()].map((i) => ({ taskId: i.taskId, agentId: i.agentId }));
    if (known.length > 0) this.calls.reconcile(known);
    this.calls.reconcile([]);
    // Kills decided before a restart are asked for again: the master keeps a kill until
    // the task ends, but this process may have stopped before the master recorded it.
    for (const instance of this.state.instances.values()) {
      if (instance.killRequested && !isTerminal(instance.state)) this.askKill(instance);
    }
    this.convergeAll();
  }

  get frameworkId(): string | undefined {
    return this.calls?.frameworkId;
  }

  lastFailure(appId: string): TaskFailure | undefined {
    return this.failures.get(appId);
  }

  /** Called after any change of instances (for deployment tracking and waiting clients). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Brings every app (and the instances of removed apps) towards what is wanted. */
  convergeAll(): void {
    const appIds = new Set([...this.state.apps.keys(), ...this.state.appIdsWithInstances()]);
    for (const id of appIds) this.converge(id);
    this.reviveOrSuppress();
    this.emit();
  }

  /** Wanted-minus-have for one app: kills now; launches wait for offers. */
  converge(appId: string): void {
    const plan = planConvergence(this.state.apps.get(appId), this.state.instancesOf(appId));
    for (const instance of plan.kill) this.killInstance(instance);
  }

  resetBackoff(appId: string): void {
    this.state.backoff.delete(appId);
    this.delayTimers.get(appId)?.cancel();
    this.delayTimers.delete(appId);
  }

  private killInstance(instance: Instance): void {
    instance.killRequested = true;
    this.state.putInstance(instance);
    this.askKill(instance);
  }

  private askKill(instance: Instance): void {
    this.calls?.kill(instance.taskId, this.state.apps.get(instance.appId)?.taskKillGracePeriodSeconds ?? undefined);
  }

  /** How many tasks each app may launch now (not delayed by backoff). */
  private demand(): Map<string, number> {
    const now = this.o.clock.now();
    const demand = new Map<string, number>();
    for (const app of this.state.apps.values()) {
      if (isDelayed(this.state.backoff.get(app.id), now)) continue;
      const n = planConvergence(app, this.state.instancesOf(app.id)).launch;
      if (n > 0) demand.set(app.id, n);
    }
    return demand;
  }

  private reviveOrSuppress(): void {
    if (!this.calls) return;
    const wanted = this.demand().size > 0;
    if (wanted) {
      this.calls.revive();
      this.suppressed = false;
    } else if (!this.suppressed) {
      this.calls.suppress();
      this.suppressed = true;
    }
  }

  /**
   * Places waiting tasks on the offers of one batch round-robin, one task per offer per
   * turn, so an app's instances spread over the agents that have room instead of
   * filling the first agent (one agent lost then costs the fewest instances).
   */
  private onOffers(offers: Offer[]): void {
    if (!this.calls) return;
    const demand = this.demand();
    const slots = offers.map((offer) => ({ offer, available: offer.resources, launches: [] as TaskLaunch[] }));
    let turn = 0;
    for (const [appId, wanted] of demand) {
      const app = this.state.apps.get(appId)!;
      let left = wanted;
      let placed = true;
      while (left > 0 && placed) {
        placed = false;
        for (let k = 0; k < slots.length && left > 0; k++) {
          const slot = slots[(turn + k) % slots.length];
          const launch = buildLaunch(app, slot.offer, slot.available, this.random);
          if (!launch) continue;
          slot.available = subtractResources(slot.available, launch.resources);
          slot.launches.push(launch);
          this.recordLaunch(app, slot.offer, launch);
          left--;
          placed = true;
        }
        turn++;
      }
      if (left === 0) demand.delete(appId);
    }
    for (const { offer, launches } of slots) {
      if (launches.length > 0) this.calls.accept([offer.id], launches, { refuseSeconds: this.declineSeconds });
      else this.calls.decline([offer.id], { refuseSeconds: this.declineSeconds });
    }
    if (demand.size === 0) this.reviveOrSuppress();
    this.emit();
  }

  private recordLaunch(app: StoredApp, offer: Offer, launch: TaskLaunch): void {
    const ports = launch.resources.ports.flatMap(([b, e]) => Array.from({ length: e - b + 1 }, (_, k) => b + k));
    this.state.putInstance({
      taskId: launch.taskId,
      appId: app.id,
      agentId: offer.agentId,
      host: offer.hostname,
      ports: launch.env.PORTS ? launch.env.PORTS.split(',').map(Number) : ports,
      resources: launch.resources,
      state: 'TASK_STAGING',
      stagedAt: this.o.clock.now(),
      version: app.version,
      configVersion: app.versionInfo.lastConfigChangeAt,
    });
  }

  private onUpdate(status: TaskStatus): void {
    const instance = this.state.instances.get(status.taskId);
    if (!instance) {
      // A task the scheduler does not know (its record was lost): it must not run.
      if (!isTerminal(status.state)) this.calls?.kill(status.taskId);
      return;
    }
    const wasActive = isActive(instance.state);
    instance.state = status.state;
    if (status.sandbox) instance.sandbox = status.sandbox;
    if (status.state === 'TASK_RUNNING' && instance.startedAt === undefined) instance.startedAt = status.timestamp * 1000;
    if (isTerminal(status.state)) {
      this.state.deleteInstance(instance.taskId);
      this.afterTermination(instance, status, wasActive);
    } else {
      this.state.putInstance(instance);
      // A task this scheduler wants dead reports it runs (its agent came back): ask again.
      if (instance.killRequested && status.state === 'TASK_RUNNING') this.askKill(instance);
    }
    this.converge(instance.appId);
    this.reviveOrSuppress();
    this.emit();
  }

  /**
   * Every end the scheduler did not ask for, but TASK_KILLED (someone else's kill, as
   * in Marathon), is a failure: it is recorded as the app's lastTaskFailure and delays
   * the next launch. That includes launches the agent or the master refused (TASK_ERROR,
   * TASK_DROPPED, TASK_LOST), so a launch that can never work backs off instead of
   * being retried in a hot loop.
   */
  private afterTermination(instance: Instance, status: TaskStatus, wasActive: boolean): void {
    const app = this.state.apps.get(instance.appId);
    if (!app || instance.killRequested || !wasActive || status.state === 'TASK_KILLED') return;
    const now = this.o.clock.now();
    this.failures.set(app.id, {
      taskId: instance.taskId, state: status.state, message: status.message ?? '', timestamp: now, host: instance.host, version: instance.version,
    });
    const next = afterFailure(this.state.backoff.get(app.id) ?? noBackoff(), app, now);
    this.state.backoff.set(app.id, next);
    this.o.log.info({ appId: app.id, taskId: instance.taskId, state: status.state, delayMs: next.delayMs }, 'task failed; relaunch delayed');
    this.delayTimers.get(app.id)?.cancel();
    this.delayTimers.set(app.id, setDeadlineTimer(this.o.clock, next.notBefore, () => {
      this.delayTimers.delete(app.id);
      this.convergeAll();
    }));
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
