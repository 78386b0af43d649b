import type { Clock, TimerHandle } from '../../core/clock.js';
import type { Filters } from '../../core/framework.js';
import {
  addResources, containsResources, emptyResources, isEmptyResources, subtractResources, type Resources,
} from '../../core/resources.js';
import type { Allocator, OfferCallback } from './allocator.js';
import { DrfSorter } from './drf-sorter.js';
import type { Sorter } from './sorter.js';

export interface AllocatorOptions {
  clock: Clock;
  /** Periodic pass even without events, so expired filters are noticed (Mesos --allocation_interval, 1 s). */
  allocationIntervalMs?: number;
  /** Refusal applied when a framework declines without filters (Mesos Filters.refuse_seconds default, 5 s). */
  defaultRefuseSeconds?: number;
  /** Makes a new sorter; DRF unless told otherwise. */
  sorterFactory?: () => Sorter;
  /** Source of randomness for the agent visiting order; Math.random unless injected. */
  random?: () => number;
}

interface AgentSlot {
  total: Resources;
  /** What each framework holds here, offered or in use. */
  held: Map<string, Resources>;
  active: boolean;
}

interface FrameworkSlot {
  role: string;
  suppressed: boolean;
  /** Per agent: resources this framework refused, until when. */
  filters: Map<string, Array<{ resources: Resources; until: number }>>;
}

/**
 * Two-level weighted DRF as in Mesos' HierarchicalDRFAllocator: roles are ordered by
 * their weighted dominant share, then frameworks within the role. Each pass visits every
 * active agent and offers all of its free resources to the first framework in that order
 * that is neither suppressed nor filtering them. Passes run on demand (coalesced into one
 * per tick) and every allocationIntervalMs.
 */
export class HierarchicalAllocator implements Allocator {
  private readonly clock: Clock;
  private readonly intervalMs: number;
  private readonly defaultRefuseSeconds: number;
  private readonly newSorter: () => Sorter;
  private readonly random: () => number;
  private readonly roleSorter: Sorter;
  private readonly frameworkSorters = new Map<string, Sorter>();
  private readonly agents = new Map<string, AgentSlot>();
  private readonly frameworks = new Map<string, FrameworkSlot>();
  private pending = false;
  private periodic?: TimerHandle;
  private stopped = false;

  constructor(private readonly offer: OfferCallback, opts: AllocatorOptions) {
    this.clock = opts.clock;
    this.intervalMs = opts.allocationIntervalMs ?? 1000;
    this.defaultRefuseSeconds = opts.defaultRefuseSeconds ?? 5;
    this.newSorter = opts.sorterFactory ?? (() => new DrfSorter());
    this.random = opts.random ?? Math.random;
    this.roleSorter = this.newSorter();
    this.schedulePeriodic();
  }

  addFramework(frameworkId: string, role: string, weight = 1): void {
    if (this.frameworks.has(frameworkId)) return;
    this.frameworks.set(frameworkId, { role, suppressed: false, filters: new Map() });
    if (!this.roleSorter.has(role)) {
      this.roleSorter.add(role, weight);
      const sorter = this.newSorter();
      sorter.setTotal(this.clusterTotal());
      this.frameworkSorters.set(role, sorter);
    }
    this.frameworkSorters.get(role)!.add(frameworkId);
    for (const [agentId, agent] of this.agents) {
      const held = agent.held.get(frameworkId);
      if (held) this.charge(frameworkId, agentId, held, false);
    }
    this.requestAllocation();
  }

  removeFramework(frameworkId: string): void {
    const fw = this.frameworks.get(frameworkId);
    if (!fw) return;
    for (const agent of this.agents.values()) agent.held.delete(frameworkId);
    const sorter = this.frameworkSorters.get(fw.role)!;
    this.roleSorter.unallocated(fw.role, sorter.allocation(frameworkId));
    sorter.remove(frameworkId);
    this.frameworks.delete(frameworkId);
    if (sorter.sort().length === 0) {
      this.frameworkSorters.delete(fw.role);
      this.roleSorter.remove(fw.role);
    }
    this.requestAllocation();
  }

  addAgent(agentId: string, total: Resources, used = new Map<string, Resources>()): void {
    this.removeAgent(agentId);
    this.agents.set(agentId, { total, held: new Map(), active: true });
    this.updateTotals();
    for (const [frameworkId, resources] of used) this.allocate(frameworkId, agentId, resources);
    this.requestAllocation();
  }

  removeAgent(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    for (const [frameworkId, held] of agent.held) this.uncharge(frameworkId, held);
    this.agents.delete(agentId);
    this.updateTotals();
  }

  setAgentActive(agentId: string, active: boolean): void {
    const agent = this.agents.get(agentId);
    if (!agent || agent.active === active) return;
    agent.active = active;
    if (active) this.requestAllocation();
  }

  allocate(frameworkId: string, agentId: string, resources: Resources): void {
    this.charge(frameworkId, agentId, resources, true);
  }

  recoverResources(frameworkId: string, agentId: string, resources: Resources, filters?: Filters): void {
    const agent = this.agents.get(agentId);
    if (agent) {
      const held = agent.held.get(frameworkId) ?? emptyResources();
      const remaining = subtractResources(held, resources);
      if (isEmptyResources(remaining)) agent.held.delete(frameworkId);
      else agent.held.set(frameworkId, remaining);
      if (this.frameworks.has(frameworkId)) this.uncharge(frameworkId, resources);
    }
    const fw = this.frameworks.get(frameworkId);
    const refuseSeconds = filters?.refuseSeconds ?? this.defaultRefuseSeconds;
    if (fw && agent && refuseSeconds > 0 && !isEmptyResources(resources)) {
      const list = fw.filters.get(agentId) ?? [];
      const until = this.clock.now() + refuseSeconds * 1000;
      list.push({ resources, until });
      fw.filters.set(agentId, list);
      // The refusal lapses by itself: look again when it does.
      this.clock.setTimer(refuseSeconds * 1000 + 1, () => this.requestAllocation());
    }
    this.requestAllocation();
  }

  revive(frameworkId: string): void {
    const fw = this.frameworks.get(frameworkId);
    if (!fw) return;
    fw.suppressed = false;
    fw.filters.clear();
    this.requestAllocation();
  }

  suppress(frameworkId: string): void {
    const fw = this.frameworks.get(frameworkId);
    if (fw) fw.suppressed = true;
  }

  requestAllocation(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    this.clock.setTimer(0, () => {
      this.pending = false;
      this.allocateNow();
    });
  }

  stop(): void {
    this.stopped = true;
    this.periodic?.cancel();
  }

  /** One allocation pass; public for tests that drive the allocator step by step. */
  allocateNow(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    for (const [agentId, agent] of shuffled([...this.agents], this.random)) {
      if (!agent.active) continue;
      const free = this.freeOn(agent);
      if (isEmptyResources(free)) continue;
      const frameworkId = this.nextFramework(agentId, free, now);
      if (!frameworkId) continue;
      this.charge(frameworkId, agentId, free, true);
      this.offer(frameworkId, agentId, free);
    }
  }

  /** Free resources of an agent: its total less everything any framework holds there. */
  freeOn(agent: AgentSlot): Resources {
    let free = agent.total;
    for (const held of agent.held.values()) free = subtractResources(free, held);
    return free;
  }

  private nextFramework(agentId: string, free: Resources, now: number): string | undefined {
    for (const role of this.roleSorter.sort()) {
      for (const frameworkId of this.frameworkSorters.get(role)!.sort()) {
        const fw = this.frameworks.get(frameworkId)!;
        if (fw.suppressed || this.isFiltered(fw, agentId, free, now)) continue;
        return frameworkId;
      }
    }
    return undefined;
  }

  /** Filtered: the framework refused a superset of these resources on this agent, and the refusal holds. */
  private isFiltered(fw: FrameworkSlot, agentId: string, free: Resources, now: number): boolean {
    const list = fw.filters.get(agentId);
    if (!list) return false;
    const live = list.filter((f) => f.until > now);
    if (live.length === 0) fw.filters.delete(agentId);
    else fw.filters.set(agentId, live);
    return live.some((f) => containsResources(f.resources, free));
  }

  private charge(frameworkId: string, agentId: string, resources: Resources, record: boolean): void {
    const agent = this.agents.get(agentId);
    if (!agent) return;
    if (record) agent.held.set(frameworkId, addResources(agent.held.get(frameworkId) ?? emptyResources(), resources));
    const fw = this.frameworks.get(frameworkId);
    if (!fw) return;
    this.frameworkSorters.get(fw.role)!.allocated(frameworkId, resources);
    this.roleSorter.allocated(fw.role, resources);
  }

  private uncharge(frameworkId: string, resources: Resources): void {
    const fw = this.frameworks.get(frameworkId);
    if (!fw) return;
    this.frameworkSorters.get(fw.role)!.unallocated(frameworkId, resources);
    this.roleSorter.unallocated(fw.role, resources);
  }

  private clusterTotal(): Resources {
    let total = emptyResources();
    for (const agent of this.agents.values()) total = addResources(total, { ...agent.total, ports: [] });
    return total;
  }

  private updateTotals(): void {
    const total = this.clusterTotal();
    this.roleSorter.setTotal(total);
    for (const sorter of this.frameworkSorters.values()) sorter.setTotal(total);
  }

  private schedulePeriodic(): void {
    if (this.stopped) return;
    this.periodic = this.clock.setTimer(this.intervalMs, () => {
      this.allocateNow();
      this.schedulePeriodic();
    });
  }
}

/** Agents are visited in random order each pass, as Mesos does, so no agent is always first. */
function shuffled<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
