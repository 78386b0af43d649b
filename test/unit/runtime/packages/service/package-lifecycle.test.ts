import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { marathonPort } from '../../../../../src/runtime/master/package-ports.js';
import type { PackagesApi } from '../../../../../src/runtime/packages/api/packages-api.js';
import { CosmosError } from '../../../../../src/runtime/packages/cosmos-error.js';
import { createPackages } from '../../../../../src/runtime/packages/packages.js';
import { installedOptions } from '../../../../../src/runtime/packages/render/cosmos-labels.js';
import { marathonHarness, type MarathonHarness } from '../../../../harness/marathon-harness.js';

const HELLO = new URL('../../../../../templates/universe/hello/0', import.meta.url).pathname;

/** A folder repository with hello 1.0.0 (revision 0), 1.1.0 (upgradesFrom 1.0.0) and 2.0.0 (upgradesFrom 1.1.0 only). */
function helloRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcos-pkg-'));
  const revision = (rev: number, version: string, upgradesFrom?: string[]) => {
    const to = join(dir, 'hello', String(rev));
    cpSync(HELLO, to, { recursive: true });
    const pkg = JSON.parse(readFileSync(join(to, 'package.json'), 'utf8'));
    writeFileSync(join(to, 'package.json'), JSON.stringify({ ...pkg, version, ...(upgradesFrom ? { upgradesFrom } : {}) }));
  };
  revision(0, '1.0.0');
  revision(1, '1.1.0', ['1.0.0']);
  revision(2, '2.0.0', ['1.1.0']);
  return dir;
}

async function cosmosError(p: Promise<unknown>): Promise<CosmosError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CosmosError) return e;
    throw e;
  }
  throw new Error('expected a CosmosError');
}

/**
 * The package service over the real services scheduler (in memory, on a recording
 * master): install, upgrade with stored options and version rules, uninstall with
 * framework teardown.
 */
describe('package lifecycle over the services scheduler', () => {
  let dir: string;
  let h: MarathonHarness;
  let packages: PackagesApi;
  const teardowns: string[] = [];
  let frameworks: Array<{ id: string; name: string }> = [];

  beforeEach(async () => {
    dir = helloRepository();
    h = await marathonHarness();
    teardowns.length = 0;
    frameworks = [];
    packages = await createPackages({
      store: h.store, clock: h.clock, log: pino({ level: 'silent' }), marathon: marathonPort(h.marathon.api),
      frameworks: {
        idsNamed: (name) => frameworks.filter((f) => f.name === name).map((f) => f.id),
        teardown: async (id) => { teardowns.push(id); },
      },
      defaultRepositories: [{ name: 'test', uri: pathToFileURL(dir).href }],
    });
  });
  afterEach(async () => {
    await h.marathon.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs the newest revision unless a version is asked for, with the Cosmos labels', async () => {
    const res = await packages.install({ packageName: 'hello', packageVersion: '1.0.0', options: { service: { instances: 2 } } });
    assert.deepEqual([res.appId, res.packageVersion], ['/hello', '1.0.0']);
    const app = h.read.app('/hello')!;
    assert.equal(app.instances, 2);
    assert.equal(app.labels.DCOS_PACKAGE_VERSION, '1.0.0');
    assert.deepEqual(installedOptions(app.labels), { service: { instances: 2 } });
    assert.equal((await packages.install({ packageName: 'hello', appId: 'next' })).packageVersion, '2.0.0');
  });

  it('lists every version of a package, or only the one an install takes with includePackageVersions false', async () => {
    assert.deepEqual((await packages.listVersions({ packageName: 'hello', includePackageVersions: true })).results, { '1.0.0': '0', '1.1.0': '1', '2.0.0': '2' });
    assert.deepEqual((await packages.listVersions({ packageName: 'hello', includePackageVersions: false })).results, { '2.0.0': '2' });
  });

  it('upgrades keeping the options given at install, with new ones merged over them, within what upgradesFrom allows', async () => {
    await packages.install({ packageName: 'hello', packageVersion: '1.0.0', options: { service: { instances: 2 }, hello: { message: 'first' } } });
    const refused = await cosmosError(packages.serviceUpdate({ appId: '/hello', packageVersion: '2.0.0', replace: false }));
    assert.equal(refused.type, 'VersionChangeNotAllowed');
    assert.equal(refused.message, 'Package [hello] cannot change from version [1.0.0] to [2.0.0]: 2.0.0 upgradesFrom [1.1.0]');
    assert.equal(h.read.app('/hello')!.labels.DCOS_PACKAGE_VERSION, '1.0.0', 'nothing changed');

    const res = await packages.serviceUpdate({ appId: 'hello', packageVersion: '1.1.0', options: { hello: { message: 'second' } }, replace: false });
    assert.equal(res.package.version, '1.1.0');
    assert.ok(res.marathonDeploymentId);
    const app = h.read.app('/hello')!;
    assert.equal(app.instances, 2);
    assert.equal(app.env.HELLO_MESSAGE, 'second');
    assert.equal(app.labels.DCOS_PACKAGE_VERSION, '1.1.0');
    assert.deepEqual(installedOptions(app.labels), { service: { instances: 2 }, hello: { message: 'second' } });
    assert.deepEqual((res.resolvedOptions.hello as Record<string, unknown>).message, 'second');
  });

  it('replaces the stored options only with replace true', async () => {
    await packages.install({ packageName: 'hello', options: { service: { instances: 2 } } });
    await h.settle();
    await packages.serviceUpdate({ appId: '/hello', options: { hello: { message: 'alone' } }, replace: true });
    assert.equal(h.read.app('/hello')!.instances, 1, 'back to the default');
  });

  it('keeps the id of an app installed with an app id, and refuses options that would move an app to another id', async () => {
    await packages.install({ packageName: 'hello', appId: '/dev/hello' });
    await packages.serviceUpdate({ appId: '/dev/hello', options: { hello: { message: 'x' } }, replace: false });
    assert.equal(h.read.app('/dev/hello')!.env.HELLO_MESSAGE, 'x');
    await packages.install({ packageName: 'hello' });
    const moved = await cosmosError(packages.serviceUpdate({ appId: '/hello', options: { service: { name: 'other' } }, replace: false }));
    assert.deepEqual([moved.type, moved.message], ['AppIdChanged', 'The new appId /other must be equal to the old appId /hello']);
  });

  it('uninstalls and tears down the framework its DCOS_PACKAGE_FRAMEWORK_NAME names; several with that name are refused by id', async () => {
    const labels = { DCOS_PACKAGE_NAME: 'spark', DCOS_PACKAGE_VERSION: '1', DCOS_PACKAGE_FRAMEWORK_NAME: 'spark' };
    await h.apps.create({ id: '/spark', cmd: 'sleep 100', labels });
    frameworks = [{ id: 'fw-1', name: 'spark' }];
    const res = await packages.uninstall({ packageName: 'spark' });
    assert.deepEqual(res.results.map((r) => r.appId), ['/spark']);
    assert.deepEqual(teardowns, ['fw-1']);
    await h.settle();
    await h.apps.create({ id: '/spark2', cmd: 'sleep 100', labels });
    frameworks = [{ id: 'fw-2', name: 'spark' }, { id: 'fw-3', name: 'spark' }];
    const many = await cosmosError(packages.uninstall({ packageName: 'spark' }));
    assert.equal(many.type, 'MultipleFrameworkIds');
    assert.match(many.message, /multiple framework ids matching this name: \[fw-2, fw-3\]/);
  });
});
