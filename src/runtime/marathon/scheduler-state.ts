import type { StateOp, StateStore } from '../state/state-store.js';
import type { BackoffState } from './backoff.js';
import type { Deployment } from './deployment.js';
import type { Instance } from './instance.js';
import type { StoredApp } from './stored-app.js';

const APPS = 'marathon/apps/';
const INSTANCES = 'marathon/instances/';
const DEPLOYMENTS = 'marathon/deployments/';
const FRAMEWORK_ID = 'marathon/framework-id';

/**
 * The services scheduler's working set, in memory, written through to the store.
 * Writes are queued in order and committed in batches, so the hot path (100 launches,
 * 100 status updates) costs one durable commit per batch, not one per task.
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

  constructor(private readonly store: StateStore) {}

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

  putApp(app: StoredApp): void {
    this.apps.set(app.id, app);
    this.queue({ type: 'put', key: APPS + app.id, value: app });
  }

  deleteApp(appId: string): void {
    this.apps.delete(appId);
    this.backoff.delete(appId);
    this.queue({ type: 'delete', key: APPS + appId });
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

  putDeployment(d: Deployment): void {
    this.deployments.set(d.id, d);
    this.queue({ type: 'put', key: DEPLOYMENTS + d.id, value: d });
  }

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

  /** Resolves when everything queued so far is durable. */
  async flush(): Promise<void> {
    while (this.queued.length > 0 || this.flushing) {
      if (this.flushing) {
        await this.flushing;
        continue;
      }
      const ops = this.queued;
      this.queued = [];
      this.flushing = this.store.commit(ops).finally(() => { this.flushing = undefined; });
      await this.flushing;
    }
  }

  private queue(op: StateOp): void {
    this.queued.push(op);
    if (this.queued.length === 1) queueMicrotask(() => void this.flush());
  }
}
