/**
 * Rolling restart with HTTP health checks (issue 7, "Benchmark" b): an app of 100 tiny
 * HTTP servers with a MESOS_HTTP check (interval 1 s, delay 1 s, timeout 1 s, grace
 * 30 s) and upgradeStrategy {minimumHealthCapacity 0.5, maximumOverCapacity 0.2}, on a
 * local cluster of 3 real agents; timed from POST /v2/apps/{id}/restart until its
 * deployment is gone.
 *
 * The server: `python3 -S -c` with a socket loop that answers 200 (SERVER below).
 * On a fresh Debian with Node 20 and python3 it is the cheapest real HTTP server to
 * hand: measured here ~0.1 s to listening and ~10 MB RSS, where `python3 -m http.server`
 * takes ~0.17 s and ~21 MB (it imports http, email, html…) and a node one-liner ~0.14 s
 * and ~45 MB. A hundred of them start at once in every wave, so start-up CPU and
 * memory are what counts.
 *
 * The floor is the time the health checks alone impose on this strategy:
 *   - computed: Marathon replaces within ⌈100 × 0.5⌉ = 50 healthy and ⌊100 × 1.2⌋ = 120
 *     tasks, so it kills 50 old tasks and starts 70 new ones, then, once those are healthy,
 *     the last 30: waves [70, 30]. No new task can be healthy before its first check,
 *     delaySeconds after it runs, so the floor is 2 waves × 1 s = 2 s.
 *   - measured, same run, same app: a fresh app of 70 instances until all 70 are
 *     healthy, then scaled to 100 until all 100 are: the same waves of task starts and
 *     health checks, without the restart's kills and bookkeeping. The ratio is against it.
 * Each run leaves its app there for the restart that follows, then removes it.
 *
 *   node --import tsx bench/rolling-restart.ts
 */
import { performance } from 'node:perf_hooks';
import type { MarathonApp, MarathonDeployment } from '../src/api/marathon-types.js';
import { appCounts, isMain, localCluster, median, ms, printRows, recordResults, removeAndWait, until, type BenchCluster } from './support.js';

const INSTANCES = 100;
const STRATEGY = { minimumHealthCapacity: 0.5, maximumOverCapacity: 0.2 };
const CHECK = { protocol: 'MESOS_HTTP', portIndex: 0, path: '/', intervalSeconds: 1, delaySeconds: 1, timeoutSeconds: 1, gracePeriodSeconds: 30, maxConsecutiveFailures: 3 };

/** Answers every connection with 200 and closes it; binds the agent's address ($HOST), as agents of one machine share port numbers. */
const SERVER = `import os, socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((os.environ['HOST'], int(os.environ['PORT0'])))
s.listen(128)
while True:
    c, _ = s.accept()
    c.recv(4096)
    c.sendall(b'HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok')
    c.close()
`;

const app = (id: string, instances: number) => ({
  id, instances, cmd: 'exec python3 -S -c "$SERVER_PY"', env: { SERVER_PY: SERVER }, cpus: 0.01, mem: 16,
  portDefinitions: [{ port: 0 }], healthChecks: [CHECK], upgradeStrategy: STRATEGY,
});

/**
 * The waves Marathon's replacement runs in (convergence.ts, TaskReplaceActor): old tasks
 * are killed down to the healthy minimum, new ones started up to the capacity, and the
 * next wave waits until those are healthy.
 */
export function restartWaves(n: number, minimumHealthCapacity: number, maximumOverCapacity: number): number[] {
  const minHealthy = Math.ceil(n * minimumHealthCapacity);
  const maxCapacity = Math.max(minHealthy + 1, Math.floor(n * (1 + maximumOverCapacity)));
  const waves: number[] = [];
  let old = n;
  let healthyNew = 0;
  while (healthyNew < n) {
    old = Math.min(old, Math.max(0, minHealthy - healthyNew));
    const wave = Math.min(n - healthyNew, maxCapacity - old - healthyNew);
    waves.push(wave);
    healthyNew += wave;
  }
  return waves;
}

export interface RollingRestartFigures {
  instances: number;
  agents: number;
  runs: number;
  waves: number[];
  medianMs: number;
  /** waves × delaySeconds: no task is healthy before its first check. */
  computedFloorMs: number;
  /** The waves' starts and health checks alone (fresh app of the first wave's size, then scaled up), median. */
  measuredFloorMs: number;
  ratio: number;
  ratioToComputed: number;
  allMs: number[];
}

async function healthy(c: BenchCluster, id: string, n: number): Promise<MarathonApp> {
  return until(`${n} healthy tasks of ${id}`, async () => {
    const a = await appCounts(c.marathon, id);
    return a && a.tasksHealthy === n && a.tasksRunning === n ? a : undefined;
  }, { timeoutMs: 300_000, pollMs: 20 });
}

export async function rollingRestartBench(opts: { runs?: number } = {}): Promise<RollingRestartFigures> {
  const runs = opts.runs ?? 3;
  const waves = restartWaves(INSTANCES, STRATEGY.minimumHealthCapacity, STRATEGY.maximumOverCapacity);
  const cluster = await localCluster('bench-restart', 3);
  try {
    const restarts: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < runs; i++) {
      const id = `/bench/restart-${i}`;
      let start = performance.now();
      let launched = 0;
      for (const wave of waves) {
        launched += wave;
        if (launched === wave) await cluster.marathon.createApp(app(id, launched));
        else await cluster.marathon.updateApp(id, { instances: launched });
        await healthy(cluster, id, launched);
      }
      floors.push(performance.now() - start);
      await until(`the deployments of ${id} to end`, async () => ((await appCounts(cluster.marathon, id))?.deployments.length === 0 ? true : undefined), { timeoutMs: 60_000, pollMs: 20 });

      start = performance.now();
      const { deploymentId } = await cluster.marathon.http.json<{ deploymentId: string }>('POST', `/v2/apps${id}/restart`);
      await until(`restart deployment ${deploymentId} to finish`, async () => {
        const deployments = await cluster.marathon.http.json<MarathonDeployment[]>('GET', '/v2/deployments');
        return deployments.some((d) => d.id === deploymentId) ? undefined : true;
      }, { timeoutMs: 600_000, pollMs: 20 });
      restarts.push(performance.now() - start);
      const after = await appCounts(cluster.marathon, id);
      if (after?.tasksHealthy !== INSTANCES) throw new Error(`${id} has ${after?.tasksHealthy} healthy tasks after its restart, not ${INSTANCES}`);
      await removeAndWait(cluster.marathon, id, 300_000);
    }
    const medianMs = median(restarts);
    const measuredFloorMs = median(floors);
    const computedFloorMs = waves.length * CHECK.delaySeconds * 1000;
    return {
      instances: INSTANCES, agents: 3, runs, waves, medianMs, computedFloorMs, measuredFloorMs,
      ratio: medianMs / measuredFloorMs, ratioToComputed: medianMs / computedFloorMs, allMs: restarts,
    };
  } finally {
    await cluster.down();
  }
}

export function rollingRestartRows(r: RollingRestartFigures): string[][] {
  return [[
    `rolling restart, ${r.instances} tasks with HTTP health checks (waves ${r.waves.join('+')})`, ms(r.medianMs),
    `the waves' starts and checks: ${ms(r.measuredFloorMs)} (computed ${ms(r.computedFloorMs)})`, `${r.ratio.toFixed(2)}×`, '≤ 1.5× floor',
  ]];
}

if (isMain(import.meta.url)) {
  const figures = await rollingRestartBench();
  recordResults('rollingRestart', figures);
  printRows([['figure', 'median', 'floor (same run)', 'ratio', 'goal'], ...rollingRestartRows(figures)]);
}
