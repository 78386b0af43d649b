import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MarathonClient } from '../src/api/marathon-client.js';
import type { MarathonApp } from '../src/api/marathon-types.js';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs the dcos CLI; rejects with its stderr when it exits non-zero. */
export function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`dcos ${args.join(' ')} exited ${code}: ${err.trim()}`))));
  });
}

export const ROOT = new URL('..', import.meta.url).pathname;
export const CLI = join(ROOT, 'bin/run.js');

/** True when `moduleUrl` is the script node was started with (`node --import tsx bench/<file>.ts`). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(moduleUrl);
}

/**
 * The daemons and the CLI run from dist/ (npm run bench builds it first); a benchmark run
 * alone on sources newer than the build would measure old code, so it is refused.
 */
export function assertFreshBuild(): void {
  const built = join(ROOT, 'dist/runtime/master/main.js');
  let builtAt: number;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    throw new Error(`${built} is missing: run \`npm run build\` first (npm run bench does)`);
  }
  const newer = (dir: string): string | undefined => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const found = entry.isDirectory() ? newer(path) : entry.name.endsWith('.ts') && statSync(path).mtimeMs > builtAt ? path : undefined;
      if (found) return found;
    }
    return undefined;
  };
  const changed = newer(join(ROOT, 'src'));
  if (changed) throw new Error(`${changed} is newer than the build: run \`npm run build\` first (npm run bench does)`);
}

/** CLK_TCK on Linux: utime and stime in /proc/<pid>/stat count hundredths of a second. */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, all threads) process `pid` has used so far, in ms, 10 ms resolution. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat(5); the slice starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every `pollMs` until it returns a value; rejects naming `what` after `timeoutMs`. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, opts: { timeoutMs: number; pollMs: number }): Promise<T> {
  const deadline = performance.now() + opts.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${what}`);
    await sleep(opts.pollMs);
  }
}

/**
 * An app's counts without its tasks: GET /v2/apps embeds only counts and deployments,
 * while GET /v2/apps/{id} embeds every task, which at thousands of tasks would make the
 * polling itself a load on the master.
 */
export async function appCounts(marathon: MarathonClient, id: string): Promise<MarathonApp | undefined> {
  const { apps } = await marathon.http.json<{ apps: MarathonApp[] }>('GET', `/v2/apps?id=${encodeURIComponent(id)}`);
  return apps.find((a) => a.id === id);
}

/** Milliseconds from `start` until every one of `instances` tasks of the app is TASK_RUNNING. */
export async function timeToRunning(marathon: MarathonClient, id: string, instances: number, start: number, opts: { timeoutMs: number; pollMs: number }): Promise<number> {
  return until(`${instances} tasks of ${id} running`, async () => {
    const app = await appCounts(marathon, id);
    return app && app.tasksRunning === instances ? performance.now() - start : undefined;
  }, opts);
}

/** Removes the app (force) and waits until the master lists none of its tasks. */
export async function removeAndWait(marathon: MarathonClient, id: string, timeoutMs = 120_000): Promise<void> {
  await marathon.removeApp(id, { force: true });
  await until(`the tasks of ${id} to be gone`, async () => ((await marathon.listTasks()).some((t) => t.appId === id) ? undefined : true), { timeoutMs, pollMs: 50 });
}

/** Merges `figures` under `key` into .bench/results.json, so a benchmark run alone keeps the others' figures. */
export function recordResults(key: string, figures: unknown): void {
  const file = join(ROOT, '.bench/results.json');
  mkdirSync(dirname(file), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // first figures of this checkout
  }
  all[key] = figures;
  writeFileSync(file, JSON.stringify(all, null, 2));
}

export function printRows(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => (row[c] ?? '').length)));
  for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;

/** The loopback block benchmarks run their clusters on (127.0.106.0/24). */
export const BENCH_BLOCK = 106;

export interface BenchCluster {
  marathon: MarathonClient;
  /** The environment the CLI needs to drive this cluster (its DCOS_DIR). */
  env: NodeJS.ProcessEnv;
  down(): Promise<void>;
}

/**
 * `dcos cluster up --local --agents N` in a DCOS_DIR of its own, on the benchmarks'
 * block when it is free (DCOS_LOCAL_BLOCK); `down()` removes the cluster and that dir.
 */
export async function localCluster(name: string, agents: number): Promise<BenchCluster> {
  assertFreshBuild();
  const dcosDir = mkdtempSync(join(tmpdir(), 'dcos-bench-'));
  const env = { ...process.env, DCOS_DIR: dcosDir, DCOS_LOCAL_BLOCK: String(BENCH_BLOCK) };
  const down = async () => {
    await runCli(CLI, ['cluster', 'down', '--name', name], env).catch((e) => console.error(`cluster down failed: ${e.message}`));
    rmSync(dcosDir, { recursive: true, force: true });
  };
  try {
    await runCli(CLI, ['cluster', 'up', '--local', '--agents', String(agents), '--name', name], env);
    const config = JSON.parse(readFileSync(join(dcosDir, 'clusters', name, 'cluster.json'), 'utf8'));
    return { marathon: new MarathonClient({ baseUrl: config.url, token: readFileSync(config.tokenFile, 'utf8').trim(), timeoutMs: 120_000 }), env, down };
  } catch (err) {
    await down();
    throw err;
  }
}

/** The floor of launching: spawn `count` detached shells running sleep, until each has spawned. */
export async function bareSpawn(count: number): Promise<number> {
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
