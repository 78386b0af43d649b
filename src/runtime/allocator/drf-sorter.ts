import { addResources, emptyResources, SCALARS, subtractResources, type Resources } from '../../core/resources.js';
import type { Sorter } from './sorter.js';

interface Client {
  weight: number;
  allocation: Resources;
}

/**
 * Weighted Dominant Resource Fairness (Ghodsi et al., as Mesos' DRFSorter): a client's
 * dominant share is its largest share of any scalar resource (cpus, mem, disk) of the
 * cluster total, divided by its weight. Lowest share sorts first; ties go by name, so the
 * order is deterministic. Ports are not a dominant resource (Mesos excludes them too).
 */
export class DrfSorter implements Sorter {
  private readonly clients = new Map<string, Client>();
  private total: Resources = emptyResources();

  add(client: string, weight = 1): void {
    if (!this.clients.has(client)) this.clients.set(client, { weight: validWeight(weight), allocation: emptyResources() });
  }

  remove(client: string): void {
    this.clients.delete(client);
  }

  has(client: string): boolean {
    return this.clients.has(client);
  }

  setWeight(client: string, weight: number): void {
    const c = this.clients.get(client);
    if (c) c.weight = validWeight(weight);
  }

  allocated(client: string, resources: Resources): void {
    const c = this.require(client);
    c.allocation = addResources(c.allocation, resources);
  }

  unallocated(client: string, resources: Resources): void {
    const c = this.require(client);
    c.allocation = subtractResources(c.allocation, resources);
  }

  allocation(client: string): Resources {
    return this.clients.get(client)?.allocation ?? emptyResources();
  }

  setTotal(total: Resources): void {
    this.total = total;
  }

  /** The weighted dominant share of a client, in [0, ∞). */
  share(client: string): number {
    const c = this.clients.get(client);
    if (!c) return 0;
    let dominant = 0;
    for (const name of SCALARS) {
      const total = this.total[name];
      if (total > 0) dominant = Math.max(dominant, c.allocation[name] / total);
    }
    return dominant / c.weight;
  }

  sort(): string[] {
    const shares = new Map([...this.clients.keys()].map((k) => [k, this.share(k)]));
    return [...this.clients.keys()].sort((a, b) => shares.get(a)! - shares.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  }

  private require(client: string): Client {
    const c = this.clients.get(client);
    if (!c) throw new Error(`unknown sorter client ${client}`);
    return c;
  }
}

function validWeight(weight: number): number {
  if (!(weight > 0) || !Number.isFinite(weight)) throw new Error(`weight must be a positive number, got ${weight}`);
  return weight;
}
