import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import type { MarathonApp } from '../../src/api/marathon-types.js';
import { dcos, dcosOk } from '../harness/dcos-cli.js';
import { InProcessCluster } from '../harness/in-process-cluster.js';
import { eventually } from '../harness/proc.js';

const FIXTURES_URI = pathToFileURL(new URL('../fixtures/universe/packages', import.meta.url).pathname).href;

/**
 * What a user does with packages, through the CLI on a real cluster: search the built-in
 * repository, install a package and wait until it is healthy, read its log, upgrade it
 * with new options (keeping the old ones), see why a package that needs containers
 * waits, and uninstall; bad options and unknown packages are refused with what is wrong.
 */
describe('dcos package on a real cluster', function () {
  this.timeout(120_000);
  let c: InProcessCluster;
  const file = (name: string, value: unknown) => {
    const path = join(c.dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  const hello = async (app: MarathonApp) => {
    const task = app.tasks![0];
    const res = await request(`http://${task.host}:${task.ports![0]}/`);
    return res.body.text();
  };

  before(async () => {
    c = await InProcessCluster.start({ masterHost: '127.0.124.1', agentHosts: ['127.0.124.2', '127.0.124.3'] });
  });
  after(async () => c?.stop());

  it('finds the built-in packages with search, as a table and as JSON', async () => {
    const table = await dcosOk(c.dcosDir, ['package', 'search']);
    assert.match(table, /^NAME\s+VERSION\s+CERTIFIED\s+FRAMEWORK\s+DESCRIPTION/m);
    const { packages } = JSON.parse(await dcosOk(c.dcosDir, ['package', 'search', 'http', '--json'])) as { packages: Array<{ name: string }> };
    assert.ok(packages.some((p) => p.name === 'hello'), JSON.stringify(packages.map((p) => p.name)));
  });

  it('refuses options that fail the schema, naming each path, what it expects and what the option is for, and installs nothing', async () => {
    const r = await dcos(c.dcosDir, ['package', 'install', 'hello', '--yes', '--options', file('bad.json', { service: { cpus: 'lots', memory: 64 } })]);
    assert.notEqual(r.exitCode, 0);
    assert.match(r.stderr, /service\.cpus/);
    assert.match(r.stderr, /number/);
    assert.match(r.stderr, /memory/);
    assert.deepEqual(await c.marathon.listApps(), []);
  });

  it('names the closest packages to an unknown one', async () => {
    const r = await dcos(c.dcosDir, ['package', 'install', 'helo', '--yes']);
    assert.notEqual(r.exitCode, 0);
    assert.match(r.stderr, /Package \[helo\] not found/);
    assert.match(r.stderr, /hello/);
  });

  it('installs hello with options and --wait until its tasks are healthy, with the notes around it', async () => {
    const r = await dcos(c.dcosDir, ['package', 'install', 'hello', '--yes', '--wait', '--options', file('hello.json', { service: { instances: 2 }, hello: { message: 'first' } })]);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stderr, /Installing Marathon app for package \[hello\] version \[1\.0\.0\]/);
    const app = await c.marathon.getApp('/hello');
    assert.equal(app.tasksHealthy, 2);
    assert.match(await hello(await c.waitForRunning('/hello', 2)), /^first\n/);
  });

  it('shows the service in service list with its health, and its log by service name', async () => {
    const services = JSON.parse(await dcosOk(c.dcosDir, ['service', 'list', '--json'])) as Array<Record<string, unknown>>;
    const mine = services.find((s) => s.name === 'hello');
    assert.ok(mine, JSON.stringify(services));
    const log = await eventually(async () => {
      const out = await dcosOk(c.dcosDir, ['service', 'log', 'hello']);
      return out.includes('hello: serving') ? out : undefined;
    }, 10_000, 'the log line');
    assert.match(log, /hello: serving/);
  });

  it('upgrades in place with new options, keeping the ones given at install', async () => {
    const before = await c.marathon.getApp('/hello');
    const r = await dcos(c.dcosDir, ['package', 'upgrade', 'hello', '--yes', '--wait', '--options', file('hello-2.json', { hello: { message: 'second' } })]);
    assert.equal(r.exitCode, 0, r.stderr);
    const app = await c.waitForRunning('/hello', 2);
    assert.notEqual(app.version, before.version);
    assert.equal(app.instances, 2, 'service.instances from the install is kept');
    assert.match(await hello(app), /^second\n/);
    const options = JSON.parse(Buffer.from(app.labels!.DCOS_PACKAGE_OPTIONS, 'base64').toString());
    assert.deepEqual(options, { service: { instances: 2 }, hello: { message: 'second' } });
    assert.match(r.stderr, /Options:\n {2}~ hello\.message: "first" → "second"\n(?! {2}[+~-])/, 'only the option that changed');
  });

  it('installs a package that needs container images, and says why it waits in install, list and marathon debug summary', async () => {
    await dcosOk(c.dcosDir, ['package', 'repo', 'add', 'fixtures', FIXTURES_URI]);
    const r = await dcos(c.dcosDir, ['package', 'install', 'redis', '--yes']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stderr + r.stdout, /wait/i);
    assert.match(r.stderr + r.stdout, /container/);
    const list = await dcosOk(c.dcosDir, ['package', 'list']);
    assert.match(list, /redis/);
    assert.match(list, /container/);
    assert.match(await dcosOk(c.dcosDir, ['marathon', 'debug', 'summary', '/redis']), /container/);
  });

  it('shuts a service down by its name: its app is removed', async () => {
    await dcosOk(c.dcosDir, ['package', 'install', 'static-files', '--yes']);
    const r = await dcos(c.dcosDir, ['service', 'shutdown', 'static-files', '--yes']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stderr, /Removed app \/static-files/);
    await eventually(async () => !(await c.marathon.listApps()).some((a) => a.id === '/static-files'), 15_000, 'the app to be removed');
    const marathon = await dcos(c.dcosDir, ['service', 'shutdown', 'marathon', '--yes']);
    assert.notEqual(marathon.exitCode, 0, 'the cluster\'s own Marathon is never torn down');
  });

  it('uninstalls, and the apps are gone', async () => {
    await dcosOk(c.dcosDir, ['package', 'uninstall', 'redis', '--yes']);
    const r = await dcos(c.dcosDir, ['package', 'uninstall', 'hello', '--yes']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stderr + r.stdout, /Uninstalled package \[hello\] version \[1\.0\.0\]/);
    await eventually(async () => (await c.marathon.listApps()).length === 0, 15_000, 'the apps to be removed');
    const list = await dcos(c.dcosDir, ['package', 'list', '--json']);
    assert.deepEqual(JSON.parse(list.stdout || '[]'), []);
  });
});
