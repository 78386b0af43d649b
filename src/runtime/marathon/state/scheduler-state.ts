import type { Logger } from 'pino';
import { setDeadlineTimer, systemClock, type Clock, type TimerHandle } from '../../../core/clock.js';
import { DcosError, ErrorCodes } from '../../../core/errors.js';
import { newErrorId } from '../../../core/ids.js';
import type { StateOp, StateStore } from '../../state/state-store.js';
import type { Deployment } from '../deployments/deployment.js';
import type { GroupRecord } from '../groups/group.js';
import type { Instance } from './instance.js';
import type { StoredApp } from './stored-app.js';
import type { TaskFailure } from './task-failure.js';

const APPS = 'marathon/apps/';
const APP_VERSIONS = 'marathon/app-versions/';
const VERSION_INDEX = 'marathon/app-version-index/';
const GROUPS = 'marathon/groups/';
const INSTANCES = 'marathon/instances/';
const DEPLOYMENTS = 'marathon/deployments/';
const HISTORY = 'marathon/deployment-history/';
const FAILURES = 'marathon/task-failures/';
const FRAMEWORK_ID = 'marathon/framework-id';

/** Versions kept per app (Marathon --max_versions is 50 by default in ZooKeeper storage). */
export const MAX_VERSIONS_PER_APP = 50;
/** Finished deployments kept for GET /v2/deployments/{id} and `deployment watch`. */
export const MAX_DEPLOYMENT_HISTORY = 100;

/** A user's change, made durable as one batch before anything of it is visible. */
export interface StateChange {
  putApps?: StoredApp[];
  deleteApps?: string[];
  putGroups?: GroupRecord[];
  deleteGroups?: string[];
  putDeployments?: Deployment[];
  /** Running deployments that end with this change (cancelled, superseded): moved to the history. */
  finishDeployments?: Deployment[];
}

export interface SchedulerStateOptions {
  log?: Logger;
  clock?: Clock;
}

/** Retries of a failed background write: from this delay, doubling, up to the cap. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 10_000;

const versionKey = (appId: string, version: string) => `${APP_VERSIONS}${appId}@${version}`;

/**
 * The services scheduler's working set, in memory, backed by the store. Records are
 * immutable values: a change puts a new object. Two kinds of write, with different promises:
 * - A user's change (apply) is durable before it is visible: committed first, then applied
 *   in memory, so a failed write leaves nothing changed and the caller gets DCOS_ERR_STORE.
 * - The scheduler's own bookkeeping (instances, deployment progress, failures) is written
 *   behind, queued in order and committed in batches, so the hot path (1,000 launches and
 *   their status updates) costs one commit per batch. A failed batch is logged and retried
 *   in order with backoff until it is written; it is never dropped.
 * Every app version is kept (up to MAX_VERSIONS_PER_APP) for /v2/apps/{id}/versions and
 * rollbacks; its definition is read from the store on demand.
 */
export class SchedulerState {
  private readonly appMap = new Map<string, StoredApp>();
  private readonly versionIndex = new Map<string, string[]>();
  private readonly groupMap = new Map<string, GroupRecord>();
  private readonly all = new Map<string, Instance>();
  /** instances by app: every status update asks for one app's instances, so no scan of all of them. */
  private readonly byApp = new Map<string, Map<string, Instance>>();
  private readonly running = new Map<string, Deployment>();
  private history: Deployment[] = [];
  private readonly failureMap = new Map<string, TaskFailure>();
  frameworkId?: string;
  /** By key: a record changed five times before the next write is written once, as it is last. */
  private queued = new Map<string, StateOp>();
  private flushing?: Promise<void>;
  private retryDelayMs = 0;
  private retryTimer?: TimerHandle;
  private backgroundFlush = false;
  private readonly clock: Clock;

  constructor(private readonly store: StateStore, private readonly opts: SchedulerStateOptions = {}) {
    this.clock = opts.clock ?? systemClock;
  }

  async load(): Promise<void> {
    for (const { value } of await this.store.list<StoredApp>(APPS)) this.appMap.set(value.id, value);
    for (const { key, value } of await this.store.list<string[]>(VERSION_INDEX)) this.versionIndex.set(key.slice(VERSION_INDEX.length), value);
    for (const { value } of await this.store.list<GroupRecord>(GROUPS)) this.groupMap.set(value.id, value);
    for (const { value } of await this.store.list<Instance>(INSTANCES)) this.index(value);
    for (const { value } of await this.store.list<Deployment>(DEPLOYMENTS)) this.running.set(value.id, value);
    this.history = (await this.store.list<Deployment>(HISTORY)).map((e) => e.value).sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0));
    for (const { value } of await this.store.list<TaskFailure>(FAILURES)) this.failureMap.set(value.appId, value);
    this.frameworkId = await this.store.get<string>(FRAMEWORK_ID);
  }

  get apps(): ReadonlyMap<string, StoredApp> {
    return this.appMap;
  }

  get groups(): ReadonlyMap<string, GroupRecord> {
    return this.groupMap;
  }

  /** Every instance by task id; change them through putInstance and deleteInstance only. */
  get instances(): ReadonlyMap<string, Instance> {
    return this.all;
  }

  get deployments(): ReadonlyMap<string, Deployment> {
    return this.running;
  }

  /** Finished deployments, oldest first. */
  get deploymentHistory(): readonly Deployment[] {
    return this.history;
  }

  get failures(): ReadonlyMap<string, TaskFailure> {
    return this.failureMap;
  }

  instancesOf(appId: string): Instance[] {
    return [...(this.byApp.get(appId)?.values() ?? [])];
  }

  /** Apps that still have instances (a removed app's tasks until they end). */
  appIdsWithInstances(): string[] {
    return [...this.byApp.keys()];
  }

  /** Versions of an app, oldest first. */
  versionsOf(appId: string): readonly string[] {
    return this.versionIndex.get(appId) ?? [];
  }

  async appVersion(appId: string, version: string): Promise<StoredApp | undefined> {
    const current = this.appMap.get(appId);
    if (current?.version === version) return current;
    if (!this.versionsOf(appId).includes(version)) return undefined;
    return this.store.get<StoredApp>(versionKey(appId, version));
  }

  /**
   * Makes a user's change durable, then visible. Throws DCOS_ERR_STORE, with nothing
   * changed in memory, when the store refuses it.
   */
  async apply(change: StateChange): Promise<void> {
    const ops: StateOp[] = [];
    const indexes = new Map<string, string[]>();
    for (const a of change.putApps ?? []) {
      ops.push({ type: 'put', key: APPS + a.id, value: a }, { type: 'put', key: versionKey(a.id, a.version), value: a });
      const versions = [...(indexes.get(a.id) ?? this.versionsOf(a.id)).filter((v) => v !== a.version), a.version].sort();
      const dropped = versions.splice(0, Math.max(0, versions.length - MAX_VERSIONS_PER_APP));
      for (const v of dropped) ops.push({ type: 'delete', key: versionKey(a.id, v) });
      indexes.set(a.id, versions);
    }
    for (const id of change.deleteApps ?? []) {
      ops.push({ type: 'delete', key: APPS + id }, { type: 'delete', key: VERSION_INDEX + id }, { type: 'delete', key: FAILURES + id });
      for (const v of this.versionsOf(id)) ops.push({ type: 'delete', key: versionKey(id, v) });
    }
    for (const [id, versions] of indexes) ops.push({ type: 'put', key: VERSION_INDEX + id, value: versions });
    for (const g of change.putGroups ?? []) ops.push({ type: 'put', key: GROUPS + g.id, value: g });
    for (const id of change.deleteGroups ?? []) ops.push({ type: 'delete', key: GROUPS + id });
    for (const d of change.putDeployments ?? []) ops.push({ type: 'put', key: DEPLOYMENTS + d.id, value: d });
    for (const d of change.finishDeployments ?? []) ops.push(...this.finishOps(d));
    // The bookkeeping queued so far goes into the same commit, first, so the store sees
    // changes in order and nothing queued meanwhile can land after this change.
    while (this.flushing) await this.flushing.catch(() => undefined);
    const bookkeeping = this.queued;
    this.queued = new Map();
    try {
      await this.store.commit([...bookkeeping.values(), ...ops]);
    } catch (err) {
      this.requeue(bookkeeping);
      if (this.queued.size > 0) this.kick();
      const errorId = newErrorId();
      this.opts.log?.error({ err, errorId }, 'cannot store a change to apps; it was not made');
      throw new DcosError(ErrorCodes.STORE, `The change could not be stored, so it was not made (error id ${errorId} in the master's log)`, { cause: err });
    }
    for (const id of change.deleteApps ?? []) {
      this.appMap.delete(id);
      this.versionIndex.delete(id);
      this.failureMap.delete(id);
    }
    for (const a of change.putApps ?? []) this.appMap.set(a.id, a);
    for (const [id, versions] of indexes) this.versionIndex.set(id, versions);
    for (const id of change.deleteGroups ?? []) this.groupMap.delete(id);
    for (const g of change.putGroups ?? []) this.groupMap.set(g.id, g);
    for (const d of change.finishDeployments ?? []) this.finishInMemory(d);
    for (const d of change.putDeployments ?? []) this.running.set(d.id, d);
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

  /** A running deployment moved on (its step): bookkeeping, written behind. */
  putDeployment(d: Deployment): void {
    this.running.set(d.id, d);
    this.queue({ type: 'put', key: DEPLOYMENTS + d.id, value: d });
  }

  /** A deployment ended by itself (succeeded, timed out): bookkeeping, written behind. */
  finishDeployment(d: Deployment): void {
    this.finishInMemory(d);
    for (const op of this.finishOps(d)) this.queue(op);
  }

  putFailure(f: TaskFailure): void {
    this.failureMap.set(f.appId, f);
    this.queue({ type: 'put', key: FAILURES + f.appId, value: f });
  }

  setFrameworkId(id: string): void {
    this.frameworkId = id;
    this.queue({ type: 'put', key: FRAMEWORK_ID, value: id });
  }

  private finishOps(d: Deployment): StateOp[] {
    const ops: StateOp[] = [{ type: 'delete', key: DEPLOYMENTS + d.id }, { type: 'put', key: HISTORY + d.id, value: d }];
    const overflow = this.history.length + 1 - MAX_DEPLOYMENT_HISTORY;
    for (const old of this.history.slice(0, Math.max(0, overflow))) ops.push({ type: 'delete', key: HISTORY + old.id });
    return ops;
  }

  private finishInMemory(d: Deployment): void {
    this.running.delete(d.id);
    this.history = [...this.history.filter((h) => h.id !== d.id), d].slice(-MAX_DEPLOYMENT_HISTORY);
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
    while (this.queued.size > 0 || this.flushing) {
      if (this.flushing) {
        await this.flushing;
        continue;
      }
      const ops = this.queued;
      this.queued = new Map();
      this.flushing = this.store.commit([...ops.values()])
        .catch((err: unknown) => {
          this.requeue(ops);
          throw err;
        })
        .finally(() => { this.flushing = undefined; });
      await this.flushing;
    }
    this.retryDelayMs = 0;
  }

  /** Ops a failed commit held go back in front of what was queued since, which wins for the same key. */
  private requeue(failed: Map<string, StateOp>): void {
    const newer = this.queued;
    this.queued = new Map(failed);
    for (const [key, op] of newer) {
      this.queued.delete(key);
      this.queued.set(key, op);
    }
  }

  private queue(op: StateOp): void {
    this.queued.delete(op.key);
    this.queued.set(op.key, op);
    this.kick();
  }

  /** One background flush at a time; after a failure, the retry timer starts the next. */
  private kick(): void {
    if (this.backgroundFlush || this.retryTimer) return;
    this.backgroundFlush = true;
    queueMicrotask(() => this.flushInBackground());
  }

  private flushInBackground(): void {
    this.flush().then(() => {
      this.backgroundFlush = false;
      if (this.queued.size > 0) this.kick();
    }, (err: unknown) => {
      this.backgroundFlush = false;
      this.retryDelayMs = Math.min(RETRY_MAX_MS, this.retryDelayMs === 0 ? RETRY_FIRST_MS : this.retryDelayMs * 2);
      this.opts.log?.error({ err, errorId: newErrorId(), pending: this.queued.size, retryInMs: this.retryDelayMs }, 'cannot write the scheduler state; retrying');
      this.retryTimer = setDeadlineTimer(this.clock, this.clock.now() + this.retryDelayMs, () => {
        this.retryTimer = undefined;
        this.kick();
      });
    });
  }
}
