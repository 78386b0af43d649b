/**
 * Placement speed: one pass of 10,000 pending instances over 10,000 candidates, the
 * instances spread over apps with constraints (UNIQUE hostname, GROUP_BY rack, MAX_PER,
 * LIKE, a public-role app), against a floor measured in the same run: a bare first-fit
 * loop over the same candidates that only subtracts cpus and mem (one cursor per app,
 * no stages, no ranking, no ports, no explanations). Peers are their published figures.
 *
 *   node --import tsx bench/placement.ts
 */
import { performance } from 'node:perf_hooks';
import type { Candidate, PlacementRequest } from '../src/runtime/placement/placement.js';
import { StagedPlacementStack } from '../src/runtime/placement/placement-stack.js';
import { median } from './support.js';

const AGENTS = 10_000;
const RACKS = 100;
const ZONES = ['zone-a', 'zone-b', 'zone-c', 'zone-d'];
const WARMUP = 5;
const RUNS = 21;

/** Published peers, for the printout (not measured here). */
export const PEERS = {
  nomadPlacementsPerSecond: 3_750,
  mesosAllocationCycleMsAt10kAgents: 1_060,
};

/** A deterministic generator, so every run places the same cluster. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 10,000 agents of four sizes over 100 racks and 4 zones; every tenth is public (role slave_public). */
export function simulatedAgents(): Candidate[] {
  const random = lcg(7);
  const sizes = [[4, 8_192], [8, 16_384], [16, 32_768], [32, 65_536]] as const;
  return Array.from({ length: AGENTS }, (_, i) => {
    const [cpus, mem] = sizes[Math.floor(random() * sizes.length)];
    const isPublic = i % 10 === 9;
    return {
      offerId: `offer-${i}`,
      agentId: `agent-${i}`,
      hostname: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      attributes: { rack: `rack-${i % RACKS}`, zone: ZONES[i % ZONES.length], ...(isPublic ? { public_ip: 'true' } : {}) },
      role: isPublic ? 'slave_public' : '*',
      capabilities: new Set(['fetcher']),
      resources: { cpus, mem, disk: 100_000, ports: [[10_000, 20_000]] },
    };
  });
}

function app(key: string, count: number, constraints: PlacementRequest['constraints'], extra: Partial<PlacementRequest> = {}): PlacementRequest {
  return {
    key, count, cpus: 0.5, mem: 512, disk: 0, gpus: 0, portCount: 1, constraints,
    acceptedRoles: ['*'], capabilities: [], existing: [], ...extra,
  };
}

/** 10,000 instances: one app of 5,000 and smaller ones, most with constraints. */
export function pendingApps(): PlacementRequest[] {
  return [
    app('/web', 5_000, [['hostname', 'UNIQUE']]),
    app('/api', 2_000, [['rack', 'GROUP_BY']], { portCount: 2 }),
    app('/cache', 1_500, [['rack', 'MAX_PER', '20']], { mem: 2_048 }),
    app('/batch', 1_000, [['zone', 'LIKE', 'zone-[ab]']], { cpus: 1, capabilities: ['fetcher'] }),
    app('/edge', 400, [['hostname', 'UNIQUE']], { acceptedRoles: ['slave_public'] }),
    app('/tools', 100, []),
  ];
}

/** The floor: first fit over the same candidates, cpus and mem only. */
function firstFit(requests: PlacementRequest[], candidates: Candidate[]): number {
  const cpus = Float64Array.from(candidates, (c) => c.resources.cpus);
  const mem = Float64Array.from(candidates, (c) => c.resources.mem);
  let placed = 0;
  for (const r of requests) {
    let cursor = 0;
    for (let k = 0; k < r.count; k++) {
      while (cursor < candidates.length && (cpus[cursor] < r.cpus || mem[cursor] < r.mem)) cursor++;
      if (cursor === candidates.length) break;
      cpus[cursor] -= r.cpus;
      mem[cursor] -= r.mem;
      placed++;
    }
  }
  return placed;
}

function time(f: () => void): number {
  const start = performance.now();
  f();
  return performance.now() - start;
}

export async function placementBench(): Promise<Record<string, unknown>> {
  const candidates = simulatedAgents();
  const requests = pendingApps();
  const wanted = requests.reduce((n, r) => n + r.count, 0);
  const stack = new StagedPlacementStack();
  let placed = 0;
  const pass = () => {
    placed = stack.place(requests, candidates, lcg(1)).placements.length;
  };
  for (let i = 0; i < WARMUP; i++) {
    pass();
    firstFit(requests, candidates);
  }
  const passes: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    passes.push(time(pass));
    floors.push(time(() => firstFit(requests, candidates)));
  }
  const medianMs = median(passes);
  const floorMs = median(floors);
  return {
    agents: candidates.length,
    pendingInstances: wanted,
    placed,
    runs: RUNS,
    medianMs,
    minMs: Math.min(...passes),
    placementsPerSecond: Math.round(placed / (medianMs / 1000)),
    floor: 'first fit over the same candidates, subtracting cpus and mem only (one cursor per app)',
    floorMedianMs: floorMs,
    ratio: medianMs / floorMs,
    peers: PEERS,
  };
}

function print(r: Record<string, unknown>): void {
  const ms = (n: unknown) => `${(n as number).toFixed(2)} ms`;
  console.log(`placement, ${r.pendingInstances} pending instances over ${r.agents} agents, one pass (median of ${r.runs})`);
  console.log(`  stack:  ${ms(r.medianMs)}, fastest ${ms(r.minMs)}  (${r.placed} placed, ${(r.placementsPerSecond as number).toLocaleString('en')} placements/s at the median)`);
  console.log(`  floor:  ${ms(r.floorMedianMs)}  (${r.floor})`);
  console.log(`  ratio:  ${(r.ratio as number).toFixed(1)}× the floor; goal: well under 100 ms`);
  console.log(`  peers:  Nomad ${PEERS.nomadPlacementsPerSecond.toLocaleString('en')} placements/s; Mesos allocation cycle ${PEERS.mesosAllocationCycleMsAt10kAgents} ms at 10,000 agents (published)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  placementBench().then(print, (err) => {
    console.error(err);
    process.exit(1);
  });
}
