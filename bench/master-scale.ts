/**
 * Master cost per instance (issue 7, "Benchmark" c): one app of 1,000 → 10,000 trivial
 * instances on 12 simulated agents (src/runtime/agent/simulated-fleet.ts: real agents,
 * real HTTP, no task processes), the master a real separate process.
 *
 *   - POST /v2/apps → every task TASK_RUNNING at each size, as ms per instance, and the
 *     ratio of ms per instance at 10,000 to that at 1,000 (flat is 1; Marathon on 16
 *     cores grows from 1.0 to 3.3 ms per instance).
 *   - GET /v2/apps?embed=apps.tasks and GET /v2/tasks at 10,000 tasks (median of reads;
 *     Marathon: 1.9 s).
 *   - The master's own CPU (user + system, /proc) per instance over the same window: the
 *     cost the master pays, apart from the agents' share of the two cores.
 *   - Floor, at each size and in the same run: the agent protocol alone (protocol-floor.ts),
 *     the same launches through the same kind of agents to a master that decides and
 *     stores nothing; its wall time and its CPU per instance likewise.
 *
 * One warm-up deployment of each kind comes first and is not counted: the master's first
 * POST pays for compiling its validators and JIT warm-up (~0.3 s), which a long-running
 * master pays once. Addresses: 127.0.106.0/24 (the benchmarks' block).
 * BENCH_PROFILE_DIR=DIR writes a CPU profile of the master there (node --cpu-prof).
 *
 *   node --import tsx bench/master-scale.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SimulatedFleet } from '../src/runtime/agent/simulated-fleet.js';
import { startMasterProcess, type MasterProcess } from './master-process.js';
import { startFloorMaster, type FloorMaster } from './protocol-floor.js';
import { cpuMs, isMain, median, ms, printRows, recordResults, removeAndWait, timeToRunning } from './support.js';

const BLOCK = '127.0.106';
const AGENTS = 12;
/** What every simulated agent offers: room for 10,000 tasks of 0.001 cpus and 1 MiB on 12 agents. */
const AGENT_RESOURCES = { cpus: 16, mem: 64 * 1024, disk: 0, ports: [[31000, 32000]] as Array<[number, number]> };
const APP = { cmd: 'sleep 3600', cpus: 0.001, mem: 1, portDefinitions: [] };
/** Polling the counts (GET /v2/apps) every 20 ms costs the master ~1 ms per poll at 10,000 tasks, about 5% of its time. */
const POLL_MS = 20;

export interface SizeFigures {
  instances: number;
  runs: number;
  medianMs: number;
  msPerInstance: number;
  floorMedianMs: number;
  floorMsPerInstance: number;
  ratioToFloor: number;
  /** The master process's CPU ms per instance (median over the runs), and the floor master's. */
  masterCpuMsPerInstance: number;
  floorCpuMsPerInstance: number;
}

export interface MasterScaleFigures {
  agents: number;
  sizes: SizeFigures[];
  /** ms per instance at the largest size ÷ at the smallest (aim ≈ 1). */
  perInstanceRatio: number;
  floorPerInstanceRatio: number;
  /** The same for the master's CPU per instance. */
  cpuPerInstanceRatio: number;
  reads: { tasks: number; samples: number; appsEmbedTasksMs: number; tasksMs: number };
}

export interface MasterScaleOptions {
  sizes?: number[];
  runs?: number;
  reads?: number;
}

export async function masterScaleBench(opts: MasterScaleOptions = {}): Promise<MasterScaleFigures> {
  const sizes = opts.sizes ?? [1_000, 2_000, 5_000, 10_000];
  const runs = opts.runs ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'dcos-bench-scale-'));
  const profileDir = process.env.BENCH_PROFILE_DIR;
  let master: MasterProcess | undefined;
  let floor: FloorMaster | undefined;
  let fleet: SimulatedFleet | undefined;
  let floorFleets = 0;
  try {
    master = await startMasterProcess({ host: `${BLOCK}.1`, dir: join(dir, 'master'), nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [] });
    const m = master;
    floor = await startFloorMaster(`${BLOCK}.1:5060`, join(dir, 'master', 'node-token'), m.nodeToken);
    const f = floor;
    fleet = await SimulatedFleet.start({ masterUrl: m.url, nodeToken: m.nodeToken, addressBlock: BLOCK, agents: AGENTS, workDir: join(dir, 'agents'), port: 5051, resources: AGENT_RESOURCES });

    interface Run { ms: number; cpuMs: number }
    /** The floor with a fresh fleet each time, so no run inherits the tasks of the one before. */
    const floorRun = async (instances: number): Promise<Run> => {
      const floorFleet = await SimulatedFleet.start({
        masterUrl: f.url, nodeToken: m.nodeToken, addressBlock: BLOCK, agents: AGENTS, workDir: join(dir, `floor-agents-${floorFleets++}`), port: 5052, resources: AGENT_RESOURCES,
      });
      try {
        const cpu = cpuMs(f.pid);
        const start = performance.now();
        await f.run(instances);
        return { ms: performance.now() - start, cpuMs: cpuMs(f.pid) - cpu };
      } finally {
        await floorFleet.stop();
      }
    };
    let deployments = 0;
    const realRun = async (instances: number, whileRunning?: () => Promise<void>): Promise<Run> => {
      const id = `/bench/scale-${deployments++}`;
      const cpu = cpuMs(m.pid);
      const start = performance.now();
      await m.marathon.createApp({ id, instances, ...APP });
      const elapsed = await timeToRunning(m.marathon, id, instances, start, { timeoutMs: 600_000, pollMs: POLL_MS });
      const run = { ms: elapsed, cpuMs: cpuMs(m.pid) - cpu };
      await whileRunning?.();
      await removeAndWait(m.marathon, id, 600_000);
      return run;
    };

    await floorRun(sizes[0]);
    await realRun(sizes[0]);
    const figures: SizeFigures[] = [];
    let reads: MasterScaleFigures['reads'] | undefined;
    for (const instances of sizes) {
      const real: Run[] = [];
      const bare: Run[] = [];
      for (let i = 0; i < runs; i++) {
        bare.push(await floorRun(instances));
        const last = instances === sizes.at(-1) && i === runs - 1;
        real.push(await realRun(instances, last ? async () => { reads = await readLatency(m, instances, opts.reads ?? 11); } : undefined));
      }
      const medianMs = median(real.map((r) => r.ms));
      const floorMedianMs = median(bare.map((r) => r.ms));
      figures.push({
        instances, runs, medianMs, msPerInstance: medianMs / instances, floorMedianMs, floorMsPerInstance: floorMedianMs / instances, ratioToFloor: medianMs / floorMedianMs,
        masterCpuMsPerInstance: median(real.map((r) => r.cpuMs)) / instances, floorCpuMsPerInstance: median(bare.map((r) => r.cpuMs)) / instances,
      });
    }
    return {
      agents: AGENTS,
      sizes: figures,
      perInstanceRatio: figures.at(-1)!.msPerInstance / figures[0].msPerInstance,
      floorPerInstanceRatio: figures.at(-1)!.floorMsPerInstance / figures[0].floorMsPerInstance,
      cpuPerInstanceRatio: figures.at(-1)!.masterCpuMsPerInstance / figures[0].masterCpuMsPerInstance,
      reads: reads!,
    };
  } finally {
    await fleet?.stop();
    await floor?.stop();
    await master?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median latency of each read, one request at a time, the whole body received. */
async function readLatency(m: MasterProcess, tasks: number, samples: number): Promise<MasterScaleFigures['reads']> {
  const time = async (path: string): Promise<number> => {
    const all: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      const res = await m.marathon.http.send('GET', path);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
      all.push(performance.now() - start);
    }
    return median(all);
  };
  return { tasks, samples, appsEmbedTasksMs: await time('/v2/apps?embed=apps.tasks'), tasksMs: await time('/v2/tasks') };
}

export function masterScaleRows(r: MasterScaleFigures): string[][] {
  const first = r.sizes[0];
  const last = r.sizes.at(-1)!;
  return [
    ...r.sizes.map((s) => [
      `POST → ${s.instances} RUNNING, ${r.agents} simulated agents`, `${ms(s.medianMs)} (${s.msPerInstance.toFixed(3)} ms/instance)`,
      `agent protocol alone: ${ms(s.floorMedianMs)} (${s.floorMsPerInstance.toFixed(3)} ms/instance)`, `${s.ratioToFloor.toFixed(2)}×`, '(per instance: flat)',
    ]),
    [`ms/instance at ${last.instances} ÷ at ${first.instances}`, `${r.perInstanceRatio.toFixed(2)}`, `floor: ${r.floorPerInstanceRatio.toFixed(2)}`, '', '≈ 1 (Marathon: 3.3)'],
    ...r.sizes.map((s) => [
      `master CPU per instance, ${s.instances}`, `${s.masterCpuMsPerInstance.toFixed(3)} ms`, `floor master: ${s.floorCpuMsPerInstance.toFixed(3)} ms`,
      `${(s.masterCpuMsPerInstance / s.floorCpuMsPerInstance).toFixed(2)}×`, '(for reference)',
    ]),
    [`master CPU/instance at ${last.instances} ÷ at ${first.instances}`, `${r.cpuPerInstanceRatio.toFixed(2)}`, '', '', '≈ 1'],
    [`GET /v2/apps?embed=apps.tasks, ${r.reads.tasks} tasks`, ms(r.reads.appsEmbedTasksMs), '', '', '< 100 ms (Marathon: 1.9 s)'],
    [`GET /v2/tasks, ${r.reads.tasks} tasks`, ms(r.reads.tasksMs), '', '', '< 100 ms'],
  ];
}

if (isMain(import.meta.url)) {
  const figures = await masterScaleBench();
  recordResults('masterScale', figures);
  printRows([['figure', 'median', 'floor (same run)', 'ratio', 'goal'], ...masterScaleRows(figures)]);
}
