import type { Offer, TaskLaunch, TaskStatus } from '../../core/framework.js';

/**
 * What a scheduler plugs into the FrameworkDriver: its demand, its decisions on offers
 * and what it does with status updates. The driver owns the conversation with the
 * master (subscribe, reconcile, revive/suppress, accept/decline with filters, killing
 * what the scheduler does not know), so every built-in scheduler gets it right once.
 */
export interface FrameworkScheduler {
  /** The framework id from an earlier subscription, so the master gives its tasks back. */
  storedFrameworkId(): string | undefined;
  subscribed(frameworkId: string): void;
  /** Every task the scheduler has a record of: reconciled explicitly at subscription. */
  knownTasks(): Array<{ taskId: string; agentId: string }>;
  /** False for a task the scheduler has no record of: such a task must not run, and the driver kills it. */
  isKnown(taskId: string): boolean;
  /** Kills decided before a restart: asked for again at subscription. */
  decidedKills(): Array<{ taskId: string; gracePeriodSeconds?: number }>;
  /** How many launches wait for offers right now (not delayed), per app or job: drives revive and suppress. */
  pendingLaunches(): ReadonlyMap<string, number>;
  /** Launches for some of the offers, by offer id; offers left out are declined. */
  placeOffers(offers: Offer[]): Map<string, TaskLaunch[]>;
  update(status: TaskStatus): void;
}
