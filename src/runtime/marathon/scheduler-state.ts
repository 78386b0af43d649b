import type { Logger } from 'pino';
import { setDeadlineTimer, systemClock, type Clock, type TimerHandle } from '../../core/clock.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { newErrorId } from '../../core/ids.js';
import type { StateOp, StateStore } from '../state/state-store.js';
import type { BackoffState } from './backoff.js';
import type { Deployment } from './deployment.js';
import type { Instance } from './instance.js';
import type { StoredApp } from './stored-app.js';

const APPS = 'marathon/apps/';
const INSTANCES = 'marathon/instances/';
const DEPLOYMENTS = 'marathon/deployments/';
const FRAMEWORK_ID = 'marathon/framework-id';

/** A user's change to apps and deployments, made durable as one batch. */
export interface StateChange {
  putApps?: StoredApp[];
  deleteApps?: string[];
  putDeployments?: Deployment[];
  deleteDeployments?: string[];
}

export interface SchedulerStateOptions {
  log?: Logger;
  clock?: Clock;
}

/** Retries of a failed background write: from this delay, doubling, up to the cap. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 10_000;

/**
 * The services scheduler's working set, in memory, backed by the store. Two kinds of
 * write, with different promises:
 * - A user's change (apply) is durable before it is visible: it is committed first and
 *   only then applied in memory, so a failed write leaves nothing changed and the caller
 *   gets DCOS_ERR_STORE.
 * - The scheduler's own bookkeeping (instances, finished deployments) is written behind,
 *   queued in order and committed in batches, so the hot path (100 launches, 100 status
 *   updates) costs one commit per batch. A failed batch is logged and retried, in order,
 *   with backoff until it is written; it is never dropped.
 */
export class SchedulerState {
  readonly apps = new Map<string, StoredApp>();
  private readonly all = new Map<string, Instance>();
  /** instances by app: every status update asks for one app's instances, so no scan of all of them. */
  private readonly byApp = new Map<string, Map<string, Instance>>();
  readonly deployments = new Map<string, Deployment>();
  readonly backoff = new Map<string, BackoffState>();
  frameworkId?: string;
  private queued: StateOp[] = [];
  private flushing?: Promise<void>;
  private retryDelayMs = 0;
  private retryTimer?: TimerHandle;
  private readonly clock: Clock;

  constructor(private readonly store: StateStore, private readonly opts: SchedulerStateOptions = {}) {
    this.clock = opts.clock ?? systemClock;
  }

  async load(): Promise<void> {
    for (const { value } of await this.store.list<StoredApp>(APPS)) this.apps.set(value.id, value);
    for (const { value } of await this.store.list<Instance>(INSTANCES)) this.index(value);
    for (const { value } of await this.store.list<Deployment>(DEPLOYMENTS)) this.deployments.set(value.id, value);
    this.frameworkId = await this.store.get<string>(FRAMEWORK_ID);
  }

  /** Every instance by task id; change them through putInstance and deleteInstance only. */
  get instances(): ReadonlyMap<string, Instance> {
    return this.all;
  }

  instancesOf(appId: string): Instance[] {
    return [...(this.byApp.get(appId)?.values() ?? [])];
  }

  /** Apps that still have instances (a removed app's tasks until they end). */
  appIdsWithInstances(): string[] {
    return [...this.byApp.keys()];
  }

  /**
   * Makes a user's change durable, then visible. Throws DCOS_ERR_STORE, with nothing
   * changed in memory, when the store refuses it.
   */
  async apply(change: StateChange): Promise<void> {
    const ops: StateOp[] = [
      ...(change.putApps ?? []).map((a): StateOp => ({ type: 'put', key: APPS + a.id, value: a })),
      ...(change.deleteApps ?? []).map((id): StateOp => ({ type: 'delete', key: APPS + id })),
      ...(change.putDeployments ?? []).map((d): StateOp => ({ type: 'put', key: DEPLOYMENTS + d.id, value: d })),
      ...(change.deleteDeployments ?? []).map((id): StateOp => ({ type: 'delete', key: DEPLOYMENTS + id })),
    ];
    try {
      // The bookkeeping queued so far goes first, so the store sees changes in order.
      await this.flush();
      await this.store.commit(ops);
    } catch (err) {
      const errorId = newErrorId();
      this.opts.log?.error({ err, errorId }, 'cannot store a change to apps; it was not made');
      throw new DcosError(ErrorCodes.STORE, `The change could not be stored, so it was not made (error id ${errorId} in the master's log)`, { cause: err });
    }
    for (const id of change.deleteDeployments ?? []) this.deployments.delete(id);
    for (const id of change.deleteApps ?? []) {
      this.apps.delete(id);
      this.backoff.delete(id);
    }
    for (const a of change.putApps ?? []) this.apps.set(a.id, a);
    for (const d of change.putDeployments ?? []) this.deployments.set(d.id, d);
  }

  putInstance(instance: Instance): void {
    this.index(instance);
    this.queue({ type: 'put', key: INSTANCES + instance.taskId, value: instance });
  }

  deleteInstance(taskId: string): void {
    const instance = this.all.get(taskId);
    this.all.delete(taskId);
    if (instance) {
      const ofApp = this.byApp.get(instance.appId);
      ofApp?.delete(taskId);
      if (ofApp?.size === 0) this.byApp.delete(instance.appId);
    }
    this.queue({ type: 'delete', key: INSTANCES + taskId });
  }

  /** A deployment that finished: bookkeeping, written behind. */
  deleteDeployment(id: string): void {
    this.deployments.delete(id);
    this.queue({ type: 'delete', key: DEPLOYMENTS + id });
  }

  setFrameworkId(id: string): void {
    this.frameworkId = id;
    this.queue({ type: 'put', key: FRAMEWORK_ID, value: id });
  }

  private index(instance: Instance): void {
    this.all.set(instance.taskId, instance);
    let ofApp = this.byApp.get(instance.appId);
    if (!ofApp) this.byApp.set(instance.appId, (ofApp = new Map()));
    ofApp.set(instance.taskId, instance);
  }

  /**
   * Resolves when everything queued so far is durable; rejects when a write fails (the
   * queued ops stay queued and are retried in the background).
   */
  async flush(): Promise<void> {
    while (this.queued.length > 0 || this.flushing) {
      if (this.flushing) {
        await this.flushing;
        continue;
      }
      const ops = this.queued;
      this.queued = [];
      this.flushing = this.store.commit(ops)
        .catch((err: unknown) => {
          this.queued = [...ops, ...this.queued];
          throw err;
        })
        .finally(() => { this.flushing = undefined; });
      await this.flushing;
    }
    this.retryDelayMs = 0;
  }

  private queue(op: StateOp): void {
    this.queued.push(op);
    if (this.queued.length === 1 && !this.retryTimer) queueMicrotask(() => this.flushInBackground());
  }

  private flushInBackground(): void {
    this.flush().catch((err: unknown) => {
      this.retryDelayMs = Math.min(RETRY_MAX_MS, this.retryDelayMs === 0 ? RETRY_FIRST_MS : this.retryDelayMs * 2);
      this.opts.log?.error({ err, errorId: newErrorId(), pending: this.queued.length, retryInMs: this.retryDelayMs }, 'cannot write the scheduler state; retrying');
      this.retryTimer?.cancel();
      this.retryTimer = setDeadlineTimer(this.clock, this.clock.now() + this.retryDelayMs, () => {
        this.retryTimer = undefined;
        this.flushInBackground();
      });
    });
  }
}
