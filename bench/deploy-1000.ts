/**
 * 1,000 instances (issue 7, "Benchmark" a): POST /v2/apps of a trivial app (`sleep 3600`,
 * cpus 0.001, mem 1, no ports) → all 1,000 tasks TASK_RUNNING, on a local cluster of 3
 * real agents (`dcos cluster up --local --agents 3`), real processes. Floor, in the same
 * run: 1,000 bare spawns of the same command (bareSpawn). Median of the runs; the app is
 * removed, and its tasks waited for, between runs.
 *
 * The agents offer what the launcher gives them: the node's cpus and memory (detected,
 * here 2 cpus and ~23 GiB each) and ports 31000-32000; 1,000 tasks need 1 cpu and 1,000 MiB
 * in all, and no port (`portDefinitions: []`).
 *
 *   node --import tsx bench/deploy-1000.ts
 */
import { performance } from 'node:perf_hooks';
import { bareSpawn, isMain, localCluster, median, ms, printRows, recordResults, removeAndWait, timeToRunning } from './support.js';

const APP = { cmd: 'sleep 3600', cpus: 0.001, mem: 1, portDefinitions: [] };

export interface Deploy1000Figures {
  instances: number;
  agents: number;
  runs: number;
  medianMs: number;
  bareSpawnMedianMs: number;
  ratio: number;
  allMs: number[];
}

export async function deploy1000Bench(opts: { instances?: number; runs?: number } = {}): Promise<Deploy1000Figures> {
  const instances = opts.instances ?? 1_000;
  const runs = opts.runs ?? 3;
  const cluster = await localCluster('bench-1000', 3);
  try {
    const deploy = async (id: string, n = instances): Promise<number> => {
      const start = performance.now();
      await cluster.marathon.createApp({ id, instances: n, ...APP });
      const elapsed = await timeToRunning(cluster.marathon, id, n, start, { timeoutMs: 300_000, pollMs: 10 });
      await removeAndWait(cluster.marathon, id, 300_000);
      return elapsed;
    };
    // Not counted: the master's first deployment compiles its validators and warms the JIT.
    await deploy('/bench/warm-up', 100);
    const all: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < runs; i++) {
      floor.push(await bareSpawn(instances));
      all.push(await deploy(`/bench/n1000-${i}`));
    }
    const medianMs = median(all);
    const bareSpawnMedianMs = median(floor);
    return { instances, agents: 3, runs, medianMs, bareSpawnMedianMs, ratio: medianMs / bareSpawnMedianMs, allMs: all };
  } finally {
    await cluster.down();
  }
}

export function deploy1000Rows(r: Deploy1000Figures): string[][] {
  return [[`POST /v2/apps → ${r.instances} tasks RUNNING, ${r.agents} agents`, ms(r.medianMs), `bare spawn ×${r.instances}: ${ms(r.bareSpawnMedianMs)}`, `${r.ratio.toFixed(2)}×`, '≤ 2× floor']];
}

if (isMain(import.meta.url)) {
  const figures = await deploy1000Bench();
  recordResults('deploy1000', figures);
  printRows([['figure', 'median', 'floor (same run)', 'ratio', 'goal'], ...deploy1000Rows(figures)]);
}
