import type { Deployment } from '../deployments/deployment.js';
import type { EffectiveTarget } from '../deployments/effective-target.js';
import type { ReadinessResult } from '../health/readiness-checker.js';
import type { OfferStats } from '../launch-queue/launch-queue.js';
import type { Instance } from '../state/instance.js';
import type { StoredApp } from '../state/stored-app.js';
import type { TaskFailure } from '../state/task-failure.js';

/**
 * What the /v2 routes and views read: a narrow, read-only window on the scheduler, so
 * routes never reach into its state and the state can change shape (etcd) behind it.
 */
export interface MarathonReadModel {
  apps(): StoredApp[];
  app(id: string): StoredApp | undefined;
  instancesOf(appId: string): Instance[];
  instance(taskId: string): Instance | undefined;
  allInstances(): Instance[];
  /** Running deployments, oldest first. */
  deployments(): Deployment[];
  /** A running or finished deployment (finished ones: the last 100). */
  deployment(id: string): Deployment | undefined;
  deploymentsOf(appId: string): Deployment[];
  lastFailure(appId: string): TaskFailure | undefined;
  readiness(taskId: string): ReadinessResult[];
  versionsOf(appId: string): readonly string[];
  appVersion(appId: string, version: string): Promise<StoredApp | undefined>;
  target(appId: string): EffectiveTarget;
  /** Launches the app waits for (its backoff delay included). */
  queued(appId: string): number;
  delayLeftMs(appId: string): number;
  waitingSince(appId: string): number | undefined;
  offerStats(appId: string): OfferStats | undefined;
  frameworkId(): string | undefined;
  now(): number;
}
