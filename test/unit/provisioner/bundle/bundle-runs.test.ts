import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bundle } from '../../../../src/provisioner/bundle/bundle.js';
import { ensureBundle } from '../../../../src/provisioner/bundle/ensure-bundle.js';
import { eventually, isAlive } from '../../../harness/proc.js';
import { killProcessesUnder } from '../../../harness/processes.js';
import { listTar } from './list-tar.js';

const REPO = resolve('.');
const HOST = '127.0.77.1';

async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((r, j) => { server.once('error', j); server.listen(0, host, r); });
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function ping(port: number): Promise<string | undefined> {
  try {
    const res = await fetch(`http://${HOST}:${port}/ping`);
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The bundle of this very repository (over its built dist/: `npm test` builds first),
 * extracted the way a host extracts it, and run with nothing from the repository: its
 * own node binary, its own node_modules, from a directory outside the repository.
 */
describe('the bundle of this package', function () {
  this.timeout(60_000);
  let dir: string;
  let x: string;
  let bundle: Bundle;
  let coldMs: number;
  const started: ChildProcess[] = [];

  before(async function () {
    if (!existsSync(join(REPO, 'dist/runtime/supervisor/main.js'))) {
      throw new Error('dist/ is not built (or predates the supervisor): run `npx tsc -p tsconfig.build.json` first');
    }
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'dcos-bundle-run-')));
    const t = Date.now();
    bundle = await ensureBundle({ packageRoot: REPO, cacheDir: join(dir, 'cache') });
    coldMs = Date.now() - t;
    x = join(dir, 'versions', bundle.sha256);
    mkdirSync(x, { recursive: true });
    execFileSync('tar', ['-xf', bundle.path, '-C', x]);
    writeFileSync(join(dir, 'token'), 'bundle-test-token\n', { mode: 0o600 });
    writeFileSync(join(dir, 'node-token'), 'bundle-test-node-token\n', { mode: 0o600 });
  });

  afterEach(async () => {
    for (const c of started) c.kill('SIGKILL');
    await killProcessesUnder(dir);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const masterArgs = (port: number, state: string) => [join(x, 'bin/dcos-master.js'), '--listen', `${HOST}:${port}`, '--state-dir', state,
    '--token-file', join(dir, 'token'), '--node-token-file', join(dir, 'node-token')];

  it('holds the node binary, the entry points, dist/, templates and production dependencies only', async () => {
    const entries = await listTar(bundle.path);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    assert.equal(byPath.get('node/bin/node')?.mode, 0o755);
    assert.equal(byPath.get('node/bin/node')?.size, readFileSync(process.execPath).length);
    for (const p of ['bin/dcos-master.js', 'bin/dcos-agent.js', 'bin/dcos-supervise.js', 'bin/run.js', 'package.json', 'BUNDLE.json',
      'dist/runtime/master/main.js', 'dist/runtime/supervisor/main.js', 'templates/systemd/dcos-agent.service.mustache',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/fastify/package.json', 'node_modules/pino/package.json']) {
      assert.ok(byPath.has(p), `${p} is in the bundle`);
    }
    const packages = new Set(entries.map((e) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(e.path)?.[1]).filter(Boolean));
    for (const dev of ['typescript', 'mocha', 'tsx', 'esbuild', 'dependency-cruiser', 'execa', '@types', 'prebuild-install']) {
      assert.ok(![...packages].some((p) => p === dev || p!.startsWith(`${dev}/`)), `${dev} is not in the bundle`);
    }
    const junk = entries.filter((e) => e.path.startsWith('node_modules/') && /\.(md|d\.ts|map|cpp|o|a)$/.test(e.path)).map((e) => e.path);
    assert.deepEqual(junk, []);
    assert.ok(!entries.some((e) => e.path.startsWith('node_modules/better-sqlite3/deps/')), "better-sqlite3's sources are not");
    assert.deepEqual(JSON.parse(readFileSync(join(x, 'BUNDLE.json'), 'utf8')), {
      version: (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version,
      nodeVersion: process.version, platform: process.platform, arch: process.arch,
    });
  });

  it('is found in the cache the second time, well under a second, with the same SHA-256', async () => {
    const t = Date.now();
    const again = await ensureBundle({ packageRoot: REPO, cacheDir: join(dir, 'cache') });
    const warmMs = Date.now() - t;
    assert.equal(again.cached, true);
    assert.equal(again.sha256, bundle.sha256);
    assert.ok(warmMs < 1_000, `cache hit took ${warmMs} ms (cold build: ${coldMs} ms)`);
  });

  it('is built again to the same bytes (deterministic)', async () => {
    const rebuilt = await ensureBundle({ packageRoot: REPO, cacheDir: join(dir, 'cache-2') });
    assert.equal(rebuilt.cached, false);
    assert.equal(rebuilt.sha256, bundle.sha256);
    assert.equal(rebuilt.size, bundle.size);
  });

  it('loads better-sqlite3 (a native addon) from its own node_modules with its own node', () => {
    const script = `
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(':memory:');
      console.log(JSON.stringify({ from: import.meta.resolve('better-sqlite3'), v: db.prepare('select sqlite_version() as v').get().v }));`;
    const out = JSON.parse(execFileSync(join(x, 'node/bin/node'), ['--input-type=module', '-e', script], { cwd: x, encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } })) as { from: string; v: string };
    assert.equal(out.from, `file://${x}/node_modules/better-sqlite3/lib/index.js`);
    assert.match(out.v, /^3\.\d+/);
  });

  it('runs the master: /ping answers pong, with the addon mapped from the bundle', async () => {
    const port = await freePort(HOST);
    const state = join(dir, 'master-state');
    mkdirSync(state);
    const master = spawn(join(x, 'node/bin/node'), masterArgs(port, state), { cwd: state, stdio: 'ignore', env: { PATH: '/usr/bin:/bin' } });
    started.push(master);
    assert.equal(await eventually(() => ping(port), 20_000, 'the master to answer /ping'), 'pong');
    const maps = readFileSync(`/proc/${master.pid}/maps`, 'utf8');
    assert.ok(maps.includes(`${x}/node_modules/better-sqlite3/build/Release/better_sqlite3.node`), 'better_sqlite3.node comes from the bundle');
    assert.ok(!maps.includes(`${REPO}/node_modules/`), 'nothing comes from the repository');
    master.kill('SIGTERM');
    await new Promise((r) => master.once('exit', r));
  });

  it('runs the master under dcos-supervise: restarted when killed, stopped with its supervisor', async () => {
    const port = await freePort(HOST);
    const state = join(dir, 'supervised-state');
    const run = join(dir, 'run');
    mkdirSync(state);
    const pidfile = join(run, 'dcos-master.supervisor.pid');
    const childPidfile = join(run, 'dcos-master.pid');
    const node = join(x, 'node/bin/node');
    const supervisor = spawn(node, [join(x, 'bin/dcos-supervise.js'), '--name', 'dcos-master', '--pidfile', pidfile, '--child-pidfile', childPidfile,
      '--log', join(dir, 'log', 'dcos-master.log'), '--min-backoff-ms', '50', '--', node, ...masterArgs(port, state)], { cwd: state, stdio: 'ignore', detached: true });
    started.push(supervisor);
    const exited = new Promise<number | null>((r) => supervisor.once('exit', (code) => r(code)));
    assert.equal(await eventually(() => ping(port), 20_000, 'the supervised master'), 'pong');
    const first = Number(readFileSync(childPidfile, 'utf8'));
    process.kill(first, 'SIGKILL');
    const second = await eventually(() => {
      const pid = existsSync(childPidfile) ? Number(readFileSync(childPidfile, 'utf8')) : 0;
      return pid && pid !== first ? pid : undefined;
    }, 10_000, 'a new master');
    assert.equal(await eventually(() => ping(port), 20_000, 'the restarted master'), 'pong');
    supervisor.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.equal(isAlive(second), false);
    assert.equal(existsSync(pidfile) || existsSync(childPidfile), false, 'both pidfiles removed');
  });
});
