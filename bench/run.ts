/**
 * npm run bench: the figures issue #2 asks for, each beside its baseline measured in
 * the same run (these machines are noisy; ratios travel better than absolute times).
 *
 *   1. POST /v2/apps → every task TASK_RUNNING, for 1 and 100 instances, on a local
 *      cluster with 2 agents, against the time to spawn the same number of bare
 *      processes (the physical floor).
 *   2. `dcos --version` wall time against `node -e 0`.
 *   3. `dcos cluster up` of 1 master + 9 agents on SSH test hosts, from nothing and
 *      re-run with no change, against scp and `ssh host true` to the same hosts.
 *   4. POST /v2/apps → 1,000 tasks RUNNING on 3 agents, against 1,000 bare spawns (deploy-1000.ts).
 *   5. A rolling restart of 100 tasks with HTTP health checks, against the time the
 *      checks alone impose on its upgrade strategy (rolling-restart.ts).
 *   6. The master's cost per instance from 1,000 to 10,000 instances on 12 simulated
 *      agents, and its reads at 10,000 tasks, against the agent protocol alone (master-scale.ts).
 *   7. One placement pass of 10,000 pending instances over 10,000 simulated agents, with
 *      constraints, against a bare first fit over the same agents (placement.ts).
 *   8. The latency from an agent's status update to the SSE client of /v2/events, against
 *      an HTTP round trip to the same master (event-latency.ts).
 *   9. The package service: renders per second over the Universe fixtures, `dcos package
 *      search` over 10,000 packages, `dcos package install --wait` (packages.ts).
 * Each of 4-9 also runs alone: node --import tsx bench/<file>.ts.
 *
 * Results print as a table and are written to .bench/results.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MarathonClient } from '../src/api/marathon-client.js';
import { deploy1000Bench, deploy1000Rows } from './deploy-1000.js';
import { eventLatencyBench, eventLatencyRows } from './event-latency.js';
import { masterScaleBench, masterScaleRows } from './master-scale.js';
import { packagesBench, packagesRows } from './packages.js';
import { placementBench } from './placement.js';
import { provisionBench } from './provision.js';
import { rollingRestartBench, rollingRestartRows } from './rolling-restart.js';
import { bareSpawn, CLI, localCluster, median, ms, printRows, removeAndWait, ROOT } from './support.js';

async function timeCommand(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: 'ignore', env });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${argv.join(' ')} exited ${code}`))));
  });
  return performance.now() - start;
}

/**
 * `dcos --version` is answered before oclif loads; `dcos cluster list` goes through
 * oclif and the command's own imports, so it shows the start-up every real command pays.
 */
async function cliStartup(runs: number, env: NodeJS.ProcessEnv): Promise<{ version: number; command: number; node: number }> {
  const version: number[] = [];
  const command: number[] = [];
  const node: number[] = [];
  await timeCommand([CLI, '--version']); // warm the file cache
  for (let i = 0; i < runs; i++) {
    node.push(await timeCommand(['-e', '0']));
    version.push(await timeCommand([CLI, '--version']));
    command.push(await timeCommand([CLI, 'cluster', 'list', '--json'], env));
  }
  return { version: median(version), command: median(command), node: median(node) };
}

async function deployToRunning(marathon: MarathonClient, id: string, instances: number): Promise<number> {
  const start = performance.now();
  await marathon.createApp({ id, cmd: 'sleep 3600', instances, cpus: 0.01, mem: 8 });
  for (;;) {
    const app = await marathon.getApp(id);
    if (app.tasksRunning === instances) return performance.now() - start;
    if (performance.now() - start > 60_000) throw new Error(`${id}: ${app.tasksRunning}/${instances} running after 60 s`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

async function main(): Promise<void> {
  const dcosDir = mkdtempSync(join(tmpdir(), 'dcos-bench-'));
  const env = { ...process.env, DCOS_DIR: dcosDir };
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  try {
    const startup = await cliStartup(15, env);
    results.cliStartup = {
      dcosVersionMs: startup.version, clusterListMs: startup.command, nodeMs: startup.node,
      ratio: startup.version / startup.node, commandRatio: startup.command / startup.node,
    };
  } finally {
    rmSync(dcosDir, { recursive: true, force: true });
  }
  const cluster = await localCluster('bench', 2);
  try {
    const { marathon } = cluster;
    for (const [instances, runs] of [[1, 15], [100, 5]] as const) {
      const deploy: number[] = [];
      const floor: number[] = [];
      for (let i = 0; i < runs; i++) {
        floor.push(await bareSpawn(instances));
        deploy.push(await deployToRunning(marathon, `/bench/n${instances}-${i}`, instances));
        await removeAndWait(marathon, `/bench/n${instances}-${i}`);
      }
      results[`deploy${instances}`] = { medianMs: median(deploy), bareSpawnMedianMs: median(floor), ratio: median(deploy) / median(floor), runs };
    }
  } finally {
    await cluster.down();
  }
  results.deploy1000 = await deploy1000Bench();
  results.rollingRestart = await rollingRestartBench();
  results.masterScale = await masterScaleBench();
  results.placement = await placementBench();
  results.eventLatency = await eventLatencyBench();
  results.packages = await packagesBench();
  results.provision = await provisionBench({ fromNothingRuns: 3, noChangeRuns: 5 });
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench/results.json'), JSON.stringify(results, null, 2));
  printTable(results);
}

function printTable(r: Record<string, any>): void {
  const rows = [
    ['figure', 'median', 'baseline (same run)', 'ratio', 'goal'],
    ['POST /v2/apps → 1 task RUNNING', ms(r.deploy1.medianMs), `bare spawn ×1: ${ms(r.deploy1.bareSpawnMedianMs)}`, `${r.deploy1.ratio.toFixed(1)}×`, '< 100 ms'],
    ['POST /v2/apps → 100 tasks RUNNING', ms(r.deploy100.medianMs), `bare spawn ×100: ${ms(r.deploy100.bareSpawnMedianMs)}`, `${r.deploy100.ratio.toFixed(2)}×`, '≤ 3× floor'],
    ['dcos --version', ms(r.cliStartup.dcosVersionMs), `node -e 0: ${ms(r.cliStartup.nodeMs)}`, `${r.cliStartup.ratio.toFixed(2)}×`, '≤ 2×'],
    [`cluster up, ${r.provision.hosts} hosts from nothing`, ms(r.provision.fromNothingMs), `scp bundle to ${r.provision.hosts}: ${ms(r.provision.scpFloorMs)}`, `${(r.provision.fromNothingMs / r.provision.scpFloorMs).toFixed(2)}×`, '< 20 s'],
    [`cluster up, ${r.provision.hosts} hosts, no change`, ms(r.provision.noChangeMs), `ssh host true ×${r.provision.hosts}: ${ms(r.provision.sshTrueFloorMs)}`, `${(r.provision.noChangeMs / r.provision.sshTrueFloorMs).toFixed(2)}×`, '< 3 s'],
    ['dcos cluster list --json (oclif path)', ms(r.cliStartup.clusterListMs), `node -e 0: ${ms(r.cliStartup.nodeMs)}`, `${r.cliStartup.commandRatio.toFixed(2)}×`, '(for reference)'],
    ...deploy1000Rows(r.deploy1000),
    ...rollingRestartRows(r.rollingRestart),
    ...masterScaleRows(r.masterScale),
    [`placement: ${r.placement.pendingInstances} instances over ${r.placement.agents} agents, one pass`, ms(r.placement.medianMs),
      `first fit, cpus and mem only: ${ms(r.placement.floorMedianMs)}`, `${r.placement.ratio.toFixed(1)}×`, '< 100 ms (Nomad: 3,750 placements/s; Mesos: 1.06 s per cycle)'],
    ...eventLatencyRows(r.eventLatency),
    ...packagesRows(r.packages.render, r.packages.cluster).map((row) => [...row, '']),
  ];
  printRows(rows);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
