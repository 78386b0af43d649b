import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MarathonApp, MarathonTask } from '../../src/api/marathon-types.js';
import { ensureBundle } from '../../src/provisioner/bundle/ensure-bundle.js';
import { resolveOptions } from '../../src/runtime/packages/render/options.js';
import { renderPackage, validateOptions } from '../../src/runtime/packages/render/render-package.js';
import { readPackageDirectory } from '../../src/runtime/packages/repository/package-directory.js';
import { InProcessCluster } from '../harness/in-process-cluster.js';
import { eventually } from '../harness/proc.js';
import { listTar } from '../unit/provisioner/bundle/list-tar.js';

const REPO = resolve('.');
const UNIVERSE = join(REPO, 'templates/universe');
const NAMES = readdirSync(UNIVERSE).sort();
const revisionsOf = (name: string) => readdirSync(join(UNIVERSE, name));
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const packageOf = (name: string) => readPackageDirectory(join(UNIVERSE, name, revisionsOf(name)[0]), Number(revisionsOf(name)[0]));
/** The app the package service installs: Cosmos's rendering of the package with these options. */
const render = (name: string, options: Json = {}): Json =>
  renderPackage({ pkg: packageOf(name), sourceUri: pathToFileURL(UNIVERSE).href, options })!.app;

/** The v4 package.json fields (Universe package-schema.json v40Package, additionalProperties false). */
const V4_FIELDS = new Set(['packagingVersion', 'name', 'version', 'maintainer', 'description', 'tags', 'scm', 'website', 'framework',
  'preInstallNotes', 'postInstallNotes', 'postUninstallNotes', 'selected', 'licenses', 'minDcosReleaseVersion', 'upgradesFrom',
  'downgradesTo', 'hasKnownIssues', 'lastUpdated']);

describe('the built-in package repository (templates/universe)', () => {
  it('holds at least 3 packages, each in <name>/<revision>/ with a numeric revision', () => {
    assert.ok(NAMES.length >= 3, `${NAMES.join(', ')}`);
    for (const name of NAMES) for (const rev of revisionsOf(name)) assert.match(rev, /^(0|[1-9][0-9]*)$/, `${name}/${rev}`);
  });

  for (const name of NAMES) {
    describe(name, () => {
      const dir = () => join(UNIVERSE, name, revisionsOf(name)[0]);

      it("keeps Universe's rules: the name is the directory's and matches ^[a-z][a-z0-9-]*[a-z0-9]$, JSON files are ASCII without \\u escapes, package.json has the required v4 fields and no other", () => {
        assert.match(name, /^[a-z][a-z0-9-]*[a-z0-9]$/);
        for (const file of ['package.json', 'config.json', 'resource.json']) {
          const text = readFileSync(join(dir(), file), 'utf8');
          assert.ok(/^[\x00-\x7f]*$/.test(text), `${file} is ASCII`);
          assert.ok(!text.includes('\\u'), `${file} has no \\u escapes`);
        }
        const pkg = readJson(join(dir(), 'package.json'));
        assert.equal(pkg.name, name);
        assert.equal(pkg.packagingVersion, '4.0');
        assert.match(pkg.version, /^[-a-zA-Z0-9.]+$/);
        for (const field of ['maintainer', 'description', 'preInstallNotes', 'postInstallNotes', 'postUninstallNotes']) assert.equal(typeof pkg[field], 'string', field);
        assert.ok(Array.isArray(pkg.tags) && pkg.tags.length > 0 && pkg.tags.every((t: string) => /^[^\s]+$/.test(t)), 'tags');
        assert.deepEqual(Object.keys(pkg).filter((k) => !V4_FIELDS.has(k)), []);
        assert.equal(pkg.framework, false);
        assert.equal(pkg.selected, true);
        assert.deepEqual(pkg.licenses, [{ name: 'Apache License Version 2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' }]);
        assert.match(pkg.postInstallNotes, new RegExp(`dcos marathon app show ${name}`));
      });

      it('has a config.json that is a draft-04 schema whose defaults validate, and that refuses unknown options and values out of range', () => {
        const pkg = packageOf(name);
        assert.deepEqual(validateOptions(pkg, {}), [], 'a draft-04 schema whose defaults validate');
        const defaults = resolveOptions(pkg, {});
        assert.equal((defaults.service as Json).name, name);
        for (const option of ['instances', 'cpus', 'mem', 'port']) assert.ok(option in (defaults.service as Json), `service.${option}`);
        const refused = (options: Json) => validateOptions(pkg, options).map((e) => `${e.instance.pointer} ${e.keyword}`);
        assert.deepEqual(refused({ service: { memory: 64 } }), ['/service additionalProperties'], 'an unknown option is refused');
        assert.deepEqual(refused({ service: { cpus: 0 } }), ['/service/cpus minimum'], 'cpus 0 is refused');
        assert.deepEqual(refused({ service: { port: 65536 } }), ['/service/port maximum'], 'port 65536 is refused');
      });

      it('renders with its defaults to a Marathon app: id, DCOS_SERVICE_NAME, a named port, a health check, an upgrade strategy', () => {
        const app = render(name);
        assert.equal(app.id, name);
        assert.equal((app.labels as Json).DCOS_SERVICE_NAME, name);
        assert.ok(Object.values(app.labels as Json).every((v) => typeof v === 'string'), 'labels are strings');
        assert.equal(((app.portDefinitions as Json[])[0]).port, 0);
        assert.equal(typeof ((app.portDefinitions as Json[])[0]).name, 'string');
        assert.equal((app.healthChecks as Json[]).length, 1);
        assert.ok(isObject(app.upgradeStrategy));
        // What the repository reader makes of the directory carries the same template.
        const entry = readPackageDirectory(dir(), Number(revisionsOf(name)[0]));
        assert.equal(Buffer.from(entry.marathon!.v2AppMustacheTemplate, 'base64').toString('utf8'), readFileSync(join(dir(), 'marathon.json.mustache'), 'utf8'));
      });
    });
  }

  it('is shipped with the runtime: package.json "files" lists templates, and the bundle builder puts every file of templates/universe in the bundle', async () => {
    const files = readJson(join(REPO, 'package.json')).files as string[];
    assert.ok(files.includes('templates'), `"files": ${JSON.stringify(files)}`);
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'dcos-builtin-bundle-')));
    try {
      // A package root with nothing but this repository's templates/, and a stand-in node binary.
      const root = join(dir, 'pkg');
      for (const sub of ['bin', 'dist']) mkdirSync(join(root, sub), { recursive: true });
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'dcos-toolkit', version: '9.9.9', type: 'module' }));
      writeFileSync(join(root, 'bin/dcos-agent.js'), '\n');
      writeFileSync(join(root, 'dist/x.js'), '\n');
      symlinkSync(join(REPO, 'templates'), join(root, 'templates'));
      const node = join(dir, 'node');
      writeFileSync(node, `#!/bin/sh\necho '["v20.0.0-test","linux","x64"]'\n`, { mode: 0o700 });
      const bundle = await ensureBundle({ packageRoot: root, cacheDir: join(dir, 'cache'), nodeBinary: node });
      const inBundle = new Map((await listTar(bundle.path)).map((e) => [e.path, e.size]));
      const expected = NAMES.flatMap((name) => revisionsOf(name).flatMap((rev) =>
        readdirSync(join(UNIVERSE, name, rev)).map((f) => `templates/universe/${name}/${rev}/${f}`)));
      assert.ok(expected.length >= 12);
      for (const path of expected) assert.equal(inBundle.get(path), readFileSync(join(REPO, path)).length, `${path} is in the bundle`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** GET (or another method) with the path sent exactly as given (no URL normalization: "/../x" stays so). */
function raw(task: MarathonTask, method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; type?: string; body: string }>((res, rej) => {
    const req = httpRequest({ host: task.host, port: task.ports[0], method, path, headers }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => res({ status: r.statusCode!, type: r.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', rej);
    req.end(body);
  });
}

/** Sends `text` on a TCP connection to the task and resolves with what comes back once as long. */
function echoed(task: MarathonTask, text: string) {
  return new Promise<string>((res, rej) => {
    const socket = connect(task.ports[0], task.host, () => socket.write(text));
    let got = '';
    socket.on('data', (c: Buffer) => {
      got += c.toString('utf8');
      if (got.length >= text.length) {
        socket.end();
        res(got);
      }
    });
    socket.on('error', rej);
  });
}

/**
 * Each package, rendered and POSTed to a real cluster, runs real Node.js tasks on real
 * agents that pass their health checks and do what the package says.
 */
describe('the built-in packages on a real cluster', function () {
  this.timeout(120_000);
  let c: InProcessCluster;

  before(async () => {
    c = await InProcessCluster.start({ masterHost: '127.0.122.1', agentHosts: ['127.0.122.2', '127.0.122.3'] });
  });
  after(async () => c?.stop());

  /** POSTs the rendered app and waits until its n tasks run, healthy, with no deployment left. */
  const install = async (name: string, options: Json = {}, n = 1): Promise<MarathonApp> => {
    await c.marathon.createApp(render(name, options) as never);
    return eventually(async () => {
      const a = await c.marathon.getApp(`/${name}`);
      return a.tasksHealthy === n && a.tasksRunning === n && a.deployments.length === 0 ? a : undefined;
    }, 60_000, `${name} to have ${n} healthy tasks`);
  };
  const remove = async (name: string) => {
    await c.marathon.removeApp(`/${name}`, { force: true });
    await eventually(async () => ((await c.masterApi.state()).frameworks.flatMap((f) => f.tasks).some((t) => t.id.startsWith(`${name}.`)) ? undefined : true), 20_000, `${name}'s tasks to end`);
  };
  const tasksOf = (name: string) => c.marathon.listTasks(`/${name}`);
  const sandboxOf = async (task: MarathonTask) => (await c.masterApi.state()).frameworks.flatMap((f) => f.tasks).find((t) => t.id === task.id)!.sandbox_directory!;

  it('hello: every task answers GET / with the configured message and its own task id, and /health with ok', async () => {
    const message = 'Say "hi"\nand {braces} & <tags>';
    await install('hello', { service: { instances: 2 }, hello: { message } }, 2);
    const tasks = await tasksOf('hello');
    assert.equal(new Set(tasks.map((t) => t.id)).size, 2);
    for (const task of tasks) {
      const answer = await raw(task, 'GET', '/');
      assert.equal(answer.status, 200);
      assert.equal(answer.body, `${message}\nI am task ${task.id} of /hello on ${task.host}:${task.ports[0]}\n`);
      assert.deepEqual(await raw(task, 'GET', '/health'), { status: 200, type: 'text/plain; charset=utf-8', body: 'ok\n' });
    }
    assert.equal((await raw(tasks[0], 'POST', '/')).status, 405);
    assert.equal((await raw(tasks[0], 'GET', '/nope')).status, 404);
    await remove('hello');
  });

  it('static-files: serves the files of its directory with their content types and a listing, and refuses paths with .. and links leading out', async () => {
    await install('static-files');
    const [task] = await tasksOf('static-files');
    const sandbox = await sandboxOf(task);
    mkdirSync(join(sandbox, 'site'));
    writeFileSync(join(sandbox, 'site/page.html'), '<h1>hi</h1>\n');
    writeFileSync(join(sandbox, 'data.json'), '{"a":1}\n');
    writeFileSync(join(sandbox, '..', 'outside.txt'), 'secret\n');
    symlinkSync(join(sandbox, '..', 'outside.txt'), join(sandbox, 'out-link.txt'));

    assert.deepEqual(await raw(task, 'GET', '/site/page.html'), { status: 200, type: 'text/html; charset=utf-8', body: '<h1>hi</h1>\n' });
    assert.deepEqual(await raw(task, 'GET', '/data.json'), { status: 200, type: 'application/json', body: '{"a":1}\n' });
    const listing = await raw(task, 'GET', '/');
    assert.equal(listing.status, 200);
    for (const entry of ['stdout', 'data.json', 'site/']) assert.ok(listing.body.includes(`>${entry}</a>`), `the listing shows ${entry}`);
    assert.equal((await raw(task, 'GET', '/site')).status, 301);
    for (const path of ['/../outside.txt', '/site/../../outside.txt', '/..%2foutside.txt', '/%2e%2e/outside.txt']) {
      const refused = await raw(task, 'GET', path);
      assert.equal(refused.status, 403, path);
      assert.ok(!refused.body.includes('secret'), path);
    }
    assert.equal((await raw(task, 'GET', '/out-link.txt')).status, 403);
    assert.equal((await raw(task, 'GET', '/missing.txt')).status, 404);
    await remove('static-files');
  });

  it('kv: stores a value with PUT, returns it with GET, lists it, deletes it, and keeps it in its data file', async () => {
    await install('kv', { kv: { 'data-file': 'kv.json', 'max-value-bytes': 64 } });
    const [task] = await tasksOf('kv');
    assert.equal((await raw(task, 'PUT', '/keys/greeting', 'hello there', { 'content-type': 'text/plain' })).status, 201);
    assert.deepEqual(await raw(task, 'GET', '/keys/greeting'), { status: 200, type: 'text/plain', body: 'hello there' });
    assert.equal((await raw(task, 'PUT', '/keys/greeting', 'hi again', { 'content-type': 'text/plain' })).status, 204);
    assert.equal((await raw(task, 'PUT', '/keys/a%2Fb', 'x')).status, 201);
    assert.deepEqual(JSON.parse((await raw(task, 'GET', '/keys')).body), { keys: ['a/b', 'greeting'] });
    assert.equal((await raw(task, 'PUT', '/keys/big', 'x'.repeat(65))).status, 413);
    const stored = readJson(join(await sandboxOf(task), 'kv.json'));
    assert.equal(Buffer.from(stored.greeting.data, 'base64').toString(), 'hi again');
    assert.equal((await raw(task, 'DELETE', '/keys/greeting')).status, 204);
    assert.equal((await raw(task, 'GET', '/keys/greeting')).status, 404);
    assert.deepEqual(JSON.parse((await raw(task, 'GET', '/health')).body), { keys: 1 });
    await remove('kv');
  });

  it('echo: sends back what it receives over TCP, and passes its TCP health check', async () => {
    await install('echo');
    const [task] = await tasksOf('echo');
    assert.equal(await echoed(task, 'ping\n'), 'ping\n');
    assert.equal(await echoed(task, 'x'.repeat(100_000)), 'x'.repeat(100_000));
    await remove('echo');
  });
});
