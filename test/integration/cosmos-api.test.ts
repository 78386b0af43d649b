import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import { CosmosMediaTypes as M } from '../../src/api/cosmos-types.js';
import { readPackageDirectory } from '../../src/runtime/packages/repository/package-directory.js';
import { InProcessCluster } from '../harness/in-process-cluster.js';
import { eventually } from '../harness/proc.js';

const FIXTURES = join(new URL('../fixtures/universe/packages', import.meta.url).pathname);
const FIXTURES_URI = pathToFileURL(FIXTURES).href;

/**
 * The Cosmos HTTP contract on a real master: versioned media types in and out, Cosmos's
 * error bodies and statuses, repositories added over real HTTP, and installs that are
 * Marathon deployments.
 */
describe('the Cosmos-compatible package API', function () {
  this.timeout(60_000);
  let c: InProcessCluster;
  let universe: Server;
  let universeUrl = '';

  before(async () => {
    c = await InProcessCluster.start({ masterHost: '127.0.123.1', agentHosts: ['127.0.123.2'] });
    // A Universe server on loopback, answering an index of two fixture packages as v4.
    const index = JSON.stringify({ packages: ['cerebro/3', 'crate/0'].map((p) => {
      const [name, rev] = p.split('/');
      return readPackageDirectory(join(FIXTURES, name, rev), Number(rev));
    }) });
    universe = createServer((req, res) => {
      if (req.url === '/repo') return res.writeHead(200, { 'content-type': 'application/vnd.dcos.universe.repo+json;charset=utf-8;version=v4' }).end(index);
      return res.writeHead(404).end('not here');
    });
    await new Promise<void>((resolve) => universe.listen(0, '127.0.123.10', resolve));
    const addr = universe.address() as { port: number };
    universeUrl = `http://127.0.123.10:${addr.port}`;
  });
  after(async () => {
    await new Promise((resolve) => universe?.close(resolve));
    await c?.stop();
  });

  const rpc = async (path: string, body: unknown, type: string, accept?: string, token: string | null = c.token) => {
    const res = await request(`${c.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, ...(accept ? { accept } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, type: String(res.headers['content-type']), body: text ? JSON.parse(text) : undefined };
  };

  it('answers without credentials with 401, and changes nothing', async () => {
    const res = await rpc('/package/repository/add', { name: 'x', uri: FIXTURES_URI }, M.repositoryAddRequest, undefined, null);
    assert.equal(res.status, 401);
    const list = await rpc('/package/repository/list', {}, M.repositoryListRequest);
    assert.deepEqual(list.body.repositories.map((r: { name: string }) => r.name), ['Built-in']);
  });

  it('lists the built-in repository, adds a folder and a Universe server in search order, and removes them', async () => {
    const added = await rpc('/package/repository/add', { name: 'fixtures', uri: FIXTURES_URI }, M.repositoryAddRequest, M.repositoryAddResponse);
    assert.equal(added.status, 200);
    assert.equal(added.type, M.repositoryAddResponse);
    const first = await rpc('/package/repository/add', { name: 'universe', uri: `${universeUrl}/repo`, index: 0 }, M.repositoryAddRequest);
    assert.deepEqual(first.body.repositories.map((r: { name: string }) => r.name), ['universe', 'Built-in', 'fixtures']);
    // cerebro is in both: the first repository in the order wins.
    const described = await rpc('/package/describe', { packageName: 'cerebro' }, M.describeRequest, M.describeResponse);
    assert.equal(described.type, M.describeResponse);
    assert.equal(described.body.package.releaseVersion, 3);
    const deleted = await rpc('/package/repository/delete', { name: 'universe' }, M.repositoryDeleteRequest);
    assert.deepEqual(deleted.body.repositories.map((r: { name: string }) => r.name), ['Built-in', 'fixtures']);
  });

  it('refuses an unreachable repository, a page that is no index, a device, a blank name and credentials in a URI, leaving the list as it was', async () => {
    const before = (await rpc('/package/repository/list', {}, M.repositoryListRequest)).body.repositories;
    const device = await rpc('/package/repository/add', { name: 'zero', uri: 'file:///dev/zero' }, M.repositoryAddRequest);
    assert.deepEqual([device.status, device.body.type], [400, 'RepositoryUriConnection']);
    const blank = await rpc('/package/repository/add', { name: '  ', uri: FIXTURES_URI + '/' }, M.repositoryAddRequest);
    assert.deepEqual([blank.status, blank.body.type], [400, 'MalformedRequest']);
    const secret = await rpc('/package/repository/add', { name: 'private', uri: 'https://user:secret@127.0.123.12/repo' }, M.repositoryAddRequest);
    assert.deepEqual([secret.status, secret.body.type], [400, 'RepositoryUriSyntax']);
    assert.doesNotMatch(JSON.stringify(await rpc('/package/repository/list', {}, M.repositoryListRequest)), /secret/);
    const unreachable = await rpc('/package/repository/add', { name: 'gone', uri: 'http://127.0.123.11:1/repo' }, M.repositoryAddRequest);
    assert.equal(unreachable.status, 400);
    assert.equal(unreachable.type, M.error);
    assert.match(unreachable.body.message, /127\.0\.123\.11/);
    const missing = await rpc('/package/repository/add', { name: 'missing', uri: `${universeUrl}/nothing` }, M.repositoryAddRequest);
    assert.equal(missing.status, 400);
    assert.deepEqual((await rpc('/package/repository/list', {}, M.repositoryListRequest)).body.repositories, before);
  });

  it("names an unknown package's closest names, and an unknown version", async () => {
    const res = await rpc('/package/describe', { packageName: 'cerebo' }, M.describeRequest);
    assert.equal(res.status, 400);
    assert.equal(res.type, M.error);
    assert.equal(res.body.type, 'PackageNotFound');
    assert.match(res.body.message, /^Package \[cerebo\] not found/);
    assert.ok(res.body.data.closest.includes('cerebro'));
    const version = await rpc('/package/describe', { packageName: 'cerebro', packageVersion: '9.9' }, M.describeRequest);
    assert.deepEqual([version.status, version.body.type, version.body.message], [400, 'VersionNotFound', 'Version [9.9] of package [cerebro] not found']);
  });

  it('refuses options that fail the schema with every failing path, and installs nothing', async () => {
    const res = await rpc('/package/install', { packageName: 'cerebro', options: { service: { cpus: 'two' }, cerebro: { bogus: 1 } } }, M.installRequest);
    assert.equal(res.status, 400);
    assert.equal(res.body.type, 'JsonSchemaMismatch');
    assert.equal(res.body.message, 'Options JSON failed validation');
    const paths = res.body.data.errors.map((e: { instance: { pointer: string } }) => e.instance.pointer);
    assert.ok(paths.includes('/service/cpus'), JSON.stringify(paths));
    assert.ok(paths.includes('/cerebro'), 'the unknown option, refused by additionalProperties');
    assert.equal((await c.marathon.listApps()).length, 0);
  });

  it('refuses unknown request fields by name, other media types with 415, and unknown response versions with 406', async () => {
    const unknown = await rpc('/package/describe', { packageName: 'cerebro', packageVersions: true }, M.describeRequest);
    assert.deepEqual([unknown.status, unknown.body.type], [400, 'MalformedRequest']);
    assert.match(unknown.body.message, /packageVersions/);
    const wrongType = await rpc('/package/describe', { packageName: 'cerebro' }, M.installRequest);
    assert.deepEqual([wrongType.status, wrongType.body.type], [415, 'UnsupportedMediaType']);
    const text = await rpc('/package/search', {}, 'text/plain');
    assert.deepEqual([text.status, text.body.type], [415, 'UnsupportedMediaType']);
    const proto = await request(`${c.url}/package/describe`, {
      method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': M.describeRequest }, body: '{"packageName": "cerebro", "__proto__": {"appId": "/x"}}',
    });
    assert.equal(proto.statusCode, 400, 'a __proto__ field is an unknown field too');
    assert.match((await proto.body.json() as { message: string }).message, /unknown field __proto__/);
    const empty = await rpc('/package/describe', { packageName: '' }, M.describeRequest);
    assert.deepEqual([empty.status, empty.body.type], [400, 'MalformedRequest']);
    const long = await rpc('/package/describe', { packageName: 'x'.repeat(60_000) }, M.describeRequest);
    assert.equal(long.status, 400);
    assert.ok(JSON.stringify(long.body).length < 1_000, 'a long value is not echoed back');
    const gzipped = await request(`${c.url}/package/search`, {
      method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': M.searchRequest, 'content-encoding': 'gzip' }, body: '{}',
    });
    assert.equal(gzipped.statusCode, 415, 'a compressed body is refused, not parsed as if it were plain');
    await gzipped.body.dump();
    const old = await rpc('/package/describe', { packageName: 'cerebro' }, M.describeRequest, 'application/vnd.dcos.package.describe-response+json;charset=utf-8;version=v9');
    assert.deepEqual([old.status, old.body.type], [406, 'NotAcceptable']);
    const bad = await request(`${c.url}/package/search`, { method: 'POST', headers: { authorization: `Bearer ${c.token}`, 'content-type': M.searchRequest }, body: '{"query": ' });
    assert.equal(bad.statusCode, 400);
    assert.equal((await bad.body.json() as { type: string }).type, 'MalformedRequest');
  });

  it('installs a package as a Marathon app with the Cosmos labels, answers 409 for the same app again, and lists it', async () => {
    const res = await rpc('/package/install', { packageName: 'crate', appId: 'db/crate' }, M.installRequest, M.installResponse);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.type, M.installResponse);
    assert.equal(res.body.appId, '/db/crate');
    assert.equal(res.body.packageName, 'crate');
    const app = await c.marathon.getApp('/db/crate');
    assert.equal(app.labels?.DCOS_PACKAGE_NAME, 'crate');
    assert.equal(app.labels?.DCOS_PACKAGE_OPTIONS, 'e30=');
    const again = await rpc('/package/install', { packageName: 'crate', appId: '/db/crate' }, M.installRequest);
    assert.deepEqual([again.status, again.body.type], [409, 'PackageAlreadyInstalled']);
    const list = await rpc('/package/list', { packageName: 'crate' }, M.listRequest, M.listResponse);
    assert.deepEqual(list.body.packages.map((p: { appId: string }) => p.appId), ['/db/crate']);
    assert.equal(list.body.packages[0].packageInformation.packageDefinition.version, '0.1.0');
  });

  it('waits visibly when the app needs what no agent offers: the reason is in the package list', async () => {
    // crate fetches its artifacts (uris): agents without a fetcher cannot run it.
    const item = await eventually(async () => {
      const list = await rpc('/package/list', { appId: '/db/crate' }, M.listRequest);
      return list.body.packages[0]?.status?.waitingReason;
    }, 10_000, 'a waiting reason');
    assert.match(item, /fetcher/);
  });

  it('refuses an ambiguous uninstall, and uninstalls every app with all', async () => {
    assert.equal((await rpc('/package/install', { packageName: 'crate', appId: '/db/crate-2' }, M.installRequest)).status, 200);
    const ambiguous = await rpc('/package/uninstall', { packageName: 'crate' }, M.uninstallRequest);
    assert.deepEqual([ambiguous.status, ambiguous.body.type], [400, 'AmbiguousAppId']);
    assert.equal(ambiguous.body.message, 'Multiple apps named [crate] are installed: [/db/crate, /db/crate-2]');
    const all = await rpc('/package/uninstall', { packageName: 'crate', all: true }, M.uninstallRequest, M.uninstallResponse);
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.results.map((r: { appId: string }) => r.appId), ['/db/crate', '/db/crate-2']);
    await eventually(async () => (await c.marathon.listApps()).length === 0, 10_000, 'the apps to be removed');
    const none = await rpc('/package/uninstall', { packageName: 'crate' }, M.uninstallRequest);
    assert.deepEqual([none.status, none.body.type, none.body.message], [400, 'PackageNotInstalled', 'Package [crate] is not installed']);
  });

  it('installs every Universe fixture package unchanged with its defaults, each waiting with a reason, and uninstalls them', async () => {
    // jenkins/200 asks for a persistent volume by default, which this cluster refuses by name.
    const names = readdirSync(FIXTURES).filter((n) => n !== 'jenkins').sort();
    for (const name of names) {
      const res = await rpc('/package/install', { packageName: name }, M.installRequest);
      assert.equal(res.status, 200, `${name}: ${JSON.stringify(res.body)}`);
    }
    const waiting = await eventually(async () => {
      const list = (await rpc('/package/list', {}, M.listRequest)).body.packages as Array<{ appId: string; status?: { waitingReason?: string } }>;
      return list.length === names.length && list.every((p) => p.status?.waitingReason) ? list : undefined;
    }, 20_000, 'every package to say why it waits');
    assert.equal(waiting.length, names.length);
    const jenkins = await rpc('/package/install', { packageName: 'jenkins' }, M.installRequest);
    assert.deepEqual([jenkins.status, jenkins.body.type], [400, 'MarathonBadResponse']);
    assert.match(JSON.stringify(jenkins.body.data.details), /persistent volumes are refused/);
    for (const name of names) assert.equal((await rpc('/package/uninstall', { packageName: name, all: true }, M.uninstallRequest)).status, 200, name);
    await eventually(async () => (await c.marathon.listApps()).length === 0, 20_000, 'every app removed');
  });

  it('keeps the repository list across a master restart', async () => {
    const list = (await rpc('/package/repository/list', {}, M.repositoryListRequest)).body.repositories;
    await c.restartMaster();
    // A client's kept-alive connection ends with the old master: ask again on a new one.
    const after = await eventually(() => rpc('/package/repository/list', {}, M.repositoryListRequest).catch(() => undefined), 10_000, 'the restarted master');
    assert.deepEqual(after.body.repositories, list);
  });
});
