import { parentPathId } from '../../../core/ids.js';
import type { Logger } from 'pino';
import { setDeadlineTimer, type Clock, type TimerHandle } from '../../../core/clock.js';
import type { EventBus } from '../events/event-bus.js';
import type { PlanJson, StepJson } from '../events/marathon-events.js';
import type { SchedulerState } from '../state/scheduler-state.js';
import { currentStep, type Deployment, type DeploymentAction, type DeploymentEvent } from './deployment.js';

export interface DeploymentManagerDeps {
  state: SchedulerState;
  clock: Clock;
  log: Logger;
  bus: EventBus;
  /** Whether the app of `action` now is what the action asked for (the scheduler knows its instances). */
  isActionDone(deployment: Deployment, action: DeploymentAction): boolean;
  /** Why an action is not done yet, for people: "2 of 3 new tasks healthy; last failure: ...". */
  whyNotDone(deployment: Deployment, action: DeploymentAction): string;
  /** The plan as events carry it (with original and target root groups). */
  planJson(deployment: Deployment): PlanJson;
  /** Starts the deployment back to a deployment's original versions (it is already ended). */
  revert(deployment: Deployment, reason: string): Promise<void>;
  /** The apps of a deployment moved to another step (their effective target changed). */
  onStepChanged(appIds: string[]): void;
}

/**
 * Runs deployments step by step: a step is done when every action in it is (its app at
 * the count, healthy and ready); then the next step starts, and after the last one the
 * deployment succeeds. Events follow Marathon: deployment_info when a step starts,
 * deployment_step_success when it ends, deployment_success or deployment_failed at the
 * end, group_change_success after a success. Each deployment keeps its own history.
 *
 * Beyond Marathon, whose deployments could never fail: with DCOS_DEPLOYMENT_TIMEOUT_SECONDS
 * on an app, a deployment still running at its deadline fails with the reason (which
 * actions were not done and why) and rolls back by itself to the original versions.
 */
export class DeploymentManager {
  private readonly byApp = new Map<string, string>();
  /** Deployments a user's change is ending (its commit under way): left alone meanwhile. */
  private readonly held = new Set<string>();
  private readonly deadlines = new Map<string, TimerHandle>();

  constructor(private readonly d: DeploymentManagerDeps) {}

  /** After a restart: index the running deployments and arm their deadlines. */
  resume(): void {
    for (const dep of this.d.state.deployments.values()) {
      this.index(dep);
      this.armDeadline(dep);
    }
  }

  /** The running deployment that affects the app, if any. */
  affecting(appId: string): Deployment | undefined {
    const id = this.byApp.get(appId);
    return id === undefined ? undefined : this.d.state.deployments.get(id);
  }

  /** A deployment was stored: it starts now (the cancelled ones it replaced already ended). */
  started(dep: Deployment): void {
    for (const app of dep.affectedApps) this.byApp.set(app, dep.id);
    this.armDeadline(dep);
    if (dep.steps.length > 0) this.publishStep('deployment_info', dep);
    // A change that asks for nothing (the same definition again) is done at once.
    else this.advance(dep);
  }

  /**
   * A user's change is ending these deployments: until `ended` or `released`, no step
   * advances and no deadline fails them, so they end once, as the change says.
   */
  hold(ids: readonly string[]): void {
    for (const id of ids) this.held.add(id);
  }

  release(ids: readonly string[]): void {
    for (const id of ids) this.held.delete(id);
  }

  /** Deployments ended by a user's change (stored already): unindex and announce. */
  ended(deps: readonly Deployment[]): void {
    this.release(deps.map((d) => d.id));
    for (const dep of deps) {
      this.unindex(dep);
      this.publishEnd(dep);
    }
  }

  /**
   * Advances the running deployments whose current step is done, looking only at those
   * that affect one of `appIds` (the apps that changed) when given; returns whether any moved.
   */
  progress(appIds?: Iterable<string>): boolean {
    let moved = false;
    const candidates = appIds === undefined ? [...this.d.state.deployments.values()]
      : [...new Set([...appIds].map((a) => this.affecting(a)).filter((d): d is Deployment => d !== undefined))];
    for (const dep of candidates) {
      if (this.held.has(dep.id)) continue;
      let current = dep;
      while (current.status === 'running') {
        const step = currentStep(current);
        if (step && !step.actions.every((a) => this.d.isActionDone(current, a))) break;
        current = this.advance(current);
        moved = true;
      }
    }
    return moved;
  }

  /** Ends a running deployment (cancelled or failed) as bookkeeping, without a user's change. */
  fail(dep: Deployment, reason: string, event: DeploymentEvent['event']): Deployment {
    const now = this.d.clock.now();
    const ended: Deployment = { ...dep, status: event === 'cancelled' ? 'cancelled' : 'failed', reason, finishedAt: now, history: [...dep.history, { at: now, event, message: reason }] };
    this.d.state.finishDeployment(ended);
    this.unindex(ended);
    this.publishEnd(ended);
    return ended;
  }

  stop(): void {
    for (const t of this.deadlines.values()) t.cancel();
    this.deadlines.clear();
  }

  private advance(dep: Deployment): Deployment {
    const now = this.d.clock.now();
    const step = currentStep(dep);
    let next: Deployment = dep;
    if (step) {
      this.publishStep('deployment_step_success', dep);
      for (const a of step.actions) {
        if (a.action === 'StopApplication') this.d.bus.publish({ eventType: 'app_terminated_event', timestamp: iso(now), appId: a.app });
      }
      next = { ...dep, stepIndex: dep.stepIndex + 1, history: [...dep.history, { at: now, event: 'step-succeeded', step: dep.stepIndex + 1 }] };
    }
    if (next.stepIndex >= next.steps.length) {
      const done: Deployment = { ...next, status: 'succeeded', finishedAt: now, history: [...next.history, { at: now, event: 'succeeded' }] };
      this.d.state.finishDeployment(done);
      this.unindex(done);
      this.d.log.info({ deploymentId: done.id, apps: done.affectedApps }, 'deployment succeeded');
      this.d.bus.publish({ eventType: 'deployment_success', timestamp: iso(now), id: done.id, plan: this.d.planJson(done) });
      for (const groupId of groupsOf(done)) this.d.bus.publish({ eventType: 'group_change_success', timestamp: iso(now), groupId, version: done.version });
      this.d.onStepChanged(done.affectedApps);
      return done;
    }
    next = { ...next, history: [...next.history, { at: now, event: 'step-started', step: next.stepIndex + 1 }] };
    this.d.state.putDeployment(next);
    this.publishStep('deployment_info', next);
    this.d.onStepChanged(currentStep(next)!.actions.map((a) => a.app));
    return next;
  }

  private armDeadline(dep: Deployment): void {
    if (dep.deadline === undefined || dep.revertOf !== undefined) return;
    this.deadlines.get(dep.id)?.cancel();
    this.deadlines.set(dep.id, setDeadlineTimer(this.d.clock, dep.deadline, () => {
      this.deadlines.delete(dep.id);
      void this.timedOut(dep.id);
    }));
  }

  private async timedOut(id: string): Promise<void> {
    const dep = this.d.state.deployments.get(id);
    if (!dep || dep.status !== 'running') return;
    if (this.held.has(id)) {
      // A user's change is ending it right now; look again once that is settled.
      this.deadlines.set(id, setDeadlineTimer(this.d.clock, this.d.clock.now() + 1_000, () => void this.timedOut(id)));
      return;
    }
    const step = currentStep(dep);
    const pending = (step?.actions ?? []).filter((a) => !this.d.isActionDone(dep, a));
    const why = pending.map((a) => `${a.action} ${a.app}: ${this.d.whyNotDone(dep, a)}`).join('; ');
    const seconds = Math.round(((dep.deadline ?? 0) - dep.createdAt) / 1000);
    const reason = `timed out after ${seconds} s at step ${dep.stepIndex + 1} of ${dep.steps.length}: ${why || 'not done'}; rolled back`;
    this.d.log.warn({ deploymentId: id, reason }, 'deployment timed out; rolling back');
    const failed = this.fail(dep, reason, 'timed-out');
    try {
      await this.d.revert(failed, reason);
    } catch (err) {
      this.d.log.error({ err, deploymentId: id }, 'cannot roll back a deployment that timed out');
    }
  }

  private index(dep: Deployment): void {
    for (const app of dep.affectedApps) this.byApp.set(app, dep.id);
  }

  private unindex(dep: Deployment): void {
    this.deadlines.get(dep.id)?.cancel();
    this.deadlines.delete(dep.id);
    for (const app of dep.affectedApps) if (this.byApp.get(app) === dep.id) this.byApp.delete(app);
  }

  private publishStep(eventType: 'deployment_info' | 'deployment_step_success', dep: Deployment): void {
    const step = currentStep(dep);
    const currentStepJson: StepJson = { actions: (step?.actions ?? []).map((a) => ({ action: a.action, app: a.app })) };
    this.d.bus.publish({ eventType, timestamp: iso(this.d.clock.now()), plan: this.d.planJson(dep), currentStep: currentStepJson });
  }

  private publishEnd(dep: Deployment): void {
    const now = this.d.clock.now();
    if (dep.status === 'succeeded') return;
    this.d.bus.publish({ eventType: 'deployment_failed', timestamp: iso(now), id: dep.id, plan: this.d.planJson(dep), ...(dep.reason ? { reason: dep.reason } : {}) });
    for (const groupId of groupsOf(dep)) {
      this.d.bus.publish({ eventType: 'group_change_failed', timestamp: iso(now), groupId, version: dep.version, reason: dep.reason ?? '' });
    }
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The groups a deployment changed: the parents of its apps (Marathon reports the changed group). */
function groupsOf(dep: Deployment): string[] {
  const parents = new Set(dep.affectedApps.map(parentPathId));
  return [...parents].sort();
}

