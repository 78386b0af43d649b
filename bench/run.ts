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
 *
 * Results print as a table and are written to .bench/results.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MarathonClient } from '../src/api/marathon-client.js';
import { provisionBench } from './provision.js';
import { median, runCli } from './support.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'bin/run.js');

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

/** The floor: spawn `count` detached shells running sleep, until each has spawned. */
async function bareSpawn(count: number): Promise<number> {
  const children: ChildProcess[] = [];
  const start = performance.now();
  await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', 'sleep 3600'], { detached: true, stdio: 'ignore' });
    children.push(child);
    child.once('spawn', () => resolve());
    child.once('error', reject);
  })));
  const elapsed = performance.now() - start;
  for (const c of children) {
    try { process.kill(-c.pid!, 'SIGKILL'); } catch { /* already gone */ }
  }
  return elapsed;
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

async function removeAndWait(marathon: MarathonClient, id: string): Promise<void> {
  await marathon.removeApp(id, { force: true });
  for (;;) {
    const tasks = await marathon.listTasks();
    if (!tasks.some((t) => t.appId === id)) return;
    await new Promise((r) => setTimeout(r, 20));
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

    await runCli(CLI, ['cluster', 'up', '--local', '--agents', '2', '--name', 'bench'], env);
    const config = JSON.parse(readFileSync(join(dcosDir, 'clusters', 'bench', 'cluster.json'), 'utf8'));
    const marathon = new MarathonClient({ baseUrl: config.url, token: readFileSync(config.tokenFile, 'utf8').trim() });

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
    await runCli(CLI, ['cluster', 'down', '--name', 'bench'], env).catch((e) => console.error(`cluster down failed: ${e.message}`));
    rmSync(dcosDir, { recursive: true, force: true });
  }
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
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
