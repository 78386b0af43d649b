import type { Resources } from '../../core/resources.js';

/**
 * Orders clients (roles, or frameworks within a role) for the allocator: the client that
 * should be offered resources next comes first. Implementations track each client's
 * allocation against the cluster total; weights scale a client's fair share.
 */
export interface Sorter {
  add(client: string, weight?: number): void;
  remove(client: string): void;
  has(client: string): boolean;
  setWeight(client: string, weight: number): void;
  /** Charges `resources` to the client (offered or used by its tasks). */
  allocated(client: string, resources: Resources): void;
  /** Returns `resources` from the client (declined, unused, or freed by a task's end). */
  unallocated(client: string, resources: Resources): void;
  allocation(client: string): Resources;
  /** The cluster's total resources, the denominator of every share. */
  setTotal(total: Resources): void;
  /** Every client, the one furthest below its fair share first. */
  sort(): string[];
}
