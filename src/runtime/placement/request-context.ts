import { fieldKey, readField, type FieldKey, type Placed } from './fields.js';
import type { PlacementContext, PlacementRequest } from './placement.js';

/** Instances per value of one field, and the instances beyond each per-value bound asked about. */
class Tally {
  readonly counts = new Map<string, number>();
  /** perValue → Σ max(0, count − perValue), kept up on every add once asked. */
  private readonly beyond = new Map<number, number>();

  add(value: string | undefined): void {
    if (value === undefined) return;
    const before = this.counts.get(value) ?? 0;
    this.counts.set(value, before + 1);
    if (this.beyond.size === 0) return;
    this.beyond.forEach((sum, perValue) => {
      if (before >= perValue) this.beyond.set(perValue, sum + 1);
    });
  }

  instancesBeyond(perValue: number): number {
    let sum = this.beyond.get(perValue);
    if (sum === undefined) {
      sum = 0;
      for (const count of this.counts.values()) sum += Math.max(0, count - perValue);
      this.beyond.set(perValue, sum);
    }
    return sum;
  }
}

/**
 * The PlacementContext of one request in one pass: its existing instances, then each
 * instance the pass places (`record`). A field is tallied from its first question on,
 * over every instance so far, then kept up in O(1) per placement.
 */
export class RequestContext implements PlacementContext {
  private readonly onAgent = new Map<string, number>();
  private readonly tallies = new Map<FieldKey, Tally>();
  /** The same tallies, walked on every placement without an iterator. */
  private readonly kept: Array<{ key: FieldKey; tally: Tally }> = [];
  /** Existing instances and those placed in this pass, for fields first asked about late. */
  private readonly instances: Placed[];

  constructor(request: Pick<PlacementRequest, 'existing'>) {
    this.instances = [...request.existing];
    for (const e of request.existing) this.onAgent.set(e.agentId, (this.onAgent.get(e.agentId) ?? 0) + 1);
  }

  /** One more instance of the request on this agent. */
  record(agentId: string, agent: Placed): void {
    this.instances.push(agent);
    this.onAgent.set(agentId, (this.onAgent.get(agentId) ?? 0) + 1);
    for (let k = 0; k < this.kept.length; k++) this.kept[k].tally.add(readField(this.kept[k].key, agent));
  }

  countOnAgent(agentId: string): number {
    return this.onAgent.get(agentId) ?? 0;
  }

  countWithValue(field: string, value: string): number {
    return this.tally(field).counts.get(value) ?? 0;
  }

  valueCounts(field: string): ReadonlyMap<string, number> {
    return this.tally(field).counts;
  }

  instancesBeyond(field: string, perValue: number): number {
    return this.tally(field).instancesBeyond(perValue);
  }

  private tally(field: string): Tally {
    const key = fieldKey(field);
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = new Tally();
      for (const instance of this.instances) tally.add(readField(key, instance));
      this.tallies.set(key, tally);
      this.kept.push({ key, tally });
    }
    return tally;
  }
}
