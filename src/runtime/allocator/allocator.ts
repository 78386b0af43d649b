import type { Filters } from '../../core/framework.js';
import type { Resources } from '../../core/resources.js';

/**
 * Decides which framework is offered which agent's free resources, and when.
 * The master owns offers, tasks and agents; the allocator owns only the accounting:
 * what each framework holds on each agent (offered or in use), and the filters.
 */
export interface Allocator {
  addFramework(frameworkId: string, role: string, weight?: number): void;
  removeFramework(frameworkId: string): void;
  /** `used`: resources already held by tasks on this agent, per framework (after a restart). */
  addAgent(agentId: string, total: Resources, used?: Map<string, Resources>): void;
  removeAgent(agentId: string): void;
  /** An inactive agent keeps its accounting but is offered to nobody. */
  setAgentActive(agentId: string, active: boolean): void;
  /** Charges resources to a framework outside an offer (a task the master re-learned). */
  allocate(frameworkId: string, agentId: string, resources: Resources): void;
  /**
   * Gives back resources a framework held: an offer declined or partly used, or a task
   * that ended. With `filters.refuseSeconds`, the framework is not offered these
   * resources of this agent again for that long.
   */
  recoverResources(frameworkId: string, agentId: string, resources: Resources, filters?: Filters): void;
  revive(frameworkId: string): void;
  suppress(frameworkId: string): void;
  /** Asks for an allocation pass soon; passes requested together run once. */
  requestAllocation(): void;
  stop(): void;
}

/** Receives one offer's worth of resources for a framework; the master turns it into an Offer. */
export type OfferCallback = (frameworkId: string, agentId: string, resources: Resources) => void;
