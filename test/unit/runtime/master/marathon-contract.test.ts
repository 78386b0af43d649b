import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { request } from 'undici';
import { startMaster, type RunningMaster } from '../../../../src/runtime/master/master.js';
import { app as minimal } from '../../core/marathon/app-fixtures.js';
import { INVALID_CASES } from '../../core/marathon/invalid-cases.js';

/**
 * The details of Marathon's REST contract that clients depend on, over real HTTP to a
 * real master (no agents: nothing needs to run for these).
 */
describe('Marathon REST contract', () => {
  let dir: string;
  let master: RunningMaster;
  const headers = { authorization: 'Bearer user-secret', 'content-type': 'application/json' };
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const res = await request(`${master.url}${path}`, { method, headers: { ...headers, ...extra }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.body.text();
    let parsed: any;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { parsed = text; }
    return { status: res.statusCode, headers: res.headers, body: parsed, text };
  };
  const app = (id: string, over: Record<string, unknown> = {}) => ({ id, cmd: 'sleep 100', cpus: 0.01, mem: 8, ...over });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-marathon-contract-'));
    master = await startMaster({ host: '127.0.82.1', port: 0, stateDir: dir, clusterName: 't', token: 'user-secret', nodeToken: 'node-secret', log: pino({ level: 'silent' }) });
  });
  after(async () => {
    await master?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('POST /v2/apps answers 201 with Location, the Marathon-Deployment-Id header and the app with its deployment', async () => {
    const r = await call('POST', '/v2/apps', app('/c/created'));
    assert.equal(r.status, 201);
    assert.equal(r.headers.location, '/v2/apps/c/created');
    assert.equal(r.headers['marathon-deployment-id'], r.body.deployments[0].id);
    assert.equal(r.body.id, '/c/created');
    assert.equal(r.body.tasksRunning, 0);
  });

  it('a change to a locked app gets 409 with the locking deployments, unless ?force=TRUE (booleans are case-insensitive)', async () => {
    const created = await call('POST', '/v2/apps', app('/c/locked'));
    const conflict = await call('PUT', '/v2/apps/c/locked', { instances: 2 });
    assert.equal(conflict.status, 409);
    assert.match(conflict.body.message, /App is locked by one or more deployments\. Override with the option '\?force=true'\./);
    assert.deepEqual(conflict.body.deployments, [{ id: created.body.deployments[0].id }]);
    const forced = await call('PUT', '/v2/apps/c/locked?force=TRUE', { instances: 2 });
    assert.equal(forced.status, 200);
    assert.ok(forced.body.deploymentId && forced.body.version);
  });

  it('refuses a query boolean that is neither true nor false, naming it', async () => {
    const r = await call('DELETE', '/v2/apps/c/created?force=1');
    assert.equal(r.status, 400);
    assert.match(r.body.message, /force must be true or false, got "1"/);
  });

  it('PUT to an app that does not exist creates it: 201 with Location', async () => {
    const r = await call('PUT', '/v2/apps/c/put-new', app('/c/put-new'));
    assert.equal(r.status, 201);
    assert.equal(r.headers.location, '/v2/apps/c/put-new');
  });

  it('keeps every version and rolls back with {"version": v}', async () => {
    const first = await call('POST', '/v2/apps', app('/c/versioned', { cmd: 'sleep 1' }));
    const v1 = first.body.version;
    await call('PUT', '/v2/apps/c/versioned?force=true', { cmd: 'sleep 2' });
    const versions = await call('GET', '/v2/apps/c/versioned/versions');
    assert.equal(versions.body.versions.length, 2);
    assert.equal(versions.body.versions[1], v1, 'newest first');
    assert.equal((await call('GET', `/v2/apps/c/versioned/versions/${v1}`)).body.cmd, 'sleep 1');
    const mixed = await call('PUT', '/v2/apps/c/versioned?force=true', { version: v1, cmd: 'x' });
    assert.equal(mixed.status, 422);
    assert.equal(mixed.body.details[0].errors[0], "The 'version' field may only be combined with the 'id' field.");
    const back = await call('PUT', '/v2/apps/c/versioned?force=true', { version: v1 });
    assert.equal(back.status, 200);
    assert.equal((await call('GET', '/v2/apps/c/versioned')).body.app.cmd, 'sleep 1');
    assert.equal((await call('GET', '/v2/apps/c/versioned/versions/2001-01-01T00:00:00.000Z')).status, 404);
  });

  it('matches app ids by whole segments: an app may be named like a sub-resource prefix', async () => {
    await call('POST', '/v2/apps', app('/c/tasks-db'));
    assert.equal((await call('GET', '/v2/apps/c/tasks-db')).body.app.id, '/c/tasks-db');
    assert.deepEqual((await call('GET', '/v2/apps/c/tasks-db/tasks')).body, { tasks: [] });
    assert.equal((await call('GET', '/v2/apps/c/nope/tasks')).body.message, "App '/c/nope' does not exist");
    const group = await call('GET', '/v2/apps/c/*');
    assert.ok(group.body['*'].some((a: { id: string }) => a.id === '/c/tasks-db'));
  });

  it('PATCH changes only the fields given; PATCH of an unknown app is 404', async () => {
    await call('POST', '/v2/apps', app('/c/patched', { env: { A: '1' } }));
    const r = await call('PATCH', '/v2/apps/c/patched?force=true', { mem: 16 });
    assert.equal(r.status, 200);
    const got = (await call('GET', '/v2/apps/c/patched')).body.app;
    assert.equal(got.mem, 16);
    assert.deepEqual(got.env, { A: '1' });
    assert.equal((await call('PATCH', '/v2/apps/c/missing', { mem: 16 })).status, 404);
  });

  it('PUT /v2/apps changes several apps in one deployment and lists problems under their index', async () => {
    const r = await call('PUT', '/v2/apps', [app('/b/one'), app('/b/two')]);
    assert.equal(r.status, 200);
    const d = (await call('GET', '/v2/deployments')).body.find((x: { id: string }) => x.id === r.body.deploymentId);
    assert.deepEqual(d.affectedApps, ['/b/one', '/b/two']);
    const bad = await call('PUT', '/v2/apps?force=true', [app('/b/one'), { id: '/b/three', cpus: -1, cmd: 'x' }]);
    assert.equal(bad.status, 422);
    assert.ok(bad.body.details.some((x: { path: string }) => x.path === '/(1)/cpus'));
    assert.equal((await call('PATCH', '/v2/apps', [app('/b/unknown')])).status, 422);
  });

  it('GET /v2/apps filters by id, cmd and label selector, and embeds what is asked', async () => {
    await call('POST', '/v2/apps', app('/l/front', { labels: { tier: 'front', env: 'prod' } }));
    await call('POST', '/v2/apps', app('/l/back', { labels: { tier: 'back', env: 'prod' }, cmd: 'serve-back' }));
    const ids = async (q: string) => (await call('GET', `/v2/apps?${q}`)).body.apps.map((a: { id: string }) => a.id).filter((id: string) => id.startsWith('/l/')).sort();
    assert.deepEqual(await ids('label=tier==front'), ['/l/front']);
    assert.deepEqual(await ids(`label=${encodeURIComponent('env==prod,tier!=front')}`), ['/l/back']);
    assert.deepEqual(await ids(`label=${encodeURIComponent('tier in (front, back)')}`), ['/l/back', '/l/front']);
    assert.deepEqual(await ids('cmd=serve-back'), ['/l/back']);
    assert.deepEqual(await ids('id=/l/fr'), ['/l/front']);
    const embedded = (await call('GET', '/v2/apps?embed=apps.tasks&embed=apps.lastTaskFailure&embed=apps.taskStats')).body.apps[0];
    assert.ok(Array.isArray(embedded.tasks));
    assert.equal((await call('GET', '/v2/apps?embed=apps.bogus')).status, 400);
  });

  it('answers /v2/info with every field info.raml requires', async () => {
    const info = (await call('GET', '/v2/info')).body;
    for (const k of ['name', 'version', 'buildref', 'elected', 'marathon_config', 'zookeeper_config', 'http_config']) assert.ok(k in info, k);
    for (const k of ['features', 'task_lost_expunge_initial_delay', 'task_lost_expunge_interval']) assert.ok(k in info.marathon_config, k);
    for (const k of ['zk', 'zk_connection_timeout', 'zk_max_versions', 'zk_session_timeout', 'zk_timeout']) assert.ok(k in info.zookeeper_config, k);
    for (const k of ['http_port', 'https_port']) assert.ok(k in info.http_config, k);
    assert.equal(info.http_config.http_port, Number(new URL(master.url).port));
    assert.equal((await call('GET', '/v2/leader')).body.leader, new URL(master.url).host);
  });

  it('lists tasks as text/plain when asked, in Marathon\'s format', async () => {
    const r = await call('GET', '/v2/tasks', undefined, { accept: 'text/plain' });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /text\/plain/);
    assert.match(r.text, /^c_created\t10\d\d\d\t\n/m);
  });

  it('POST /v2/tasks/delete refuses unknown task ids with 400', async () => {
    const r = await call('POST', '/v2/tasks/delete', { ids: ['nope.1'] });
    assert.equal(r.status, 400);
    assert.equal(r.body.message, 'Invalid task id nope.1');
  });

  it('groups: POST 201 with Location, GET embeds apps and groups by default, dryRun answers the plan', async () => {
    const r = await call('POST', '/v2/groups', { id: '/g', apps: [app('a')], groups: [{ id: 'sub', apps: [app('b')] }] });
    assert.equal(r.status, 201);
    assert.equal(r.headers.location, '/v2/groups/g');
    const g = (await call('GET', '/v2/groups/g')).body;
    assert.deepEqual(g.apps.map((a: { id: string }) => a.id), ['/g/a']);
    assert.deepEqual(g.groups.map((x: { id: string }) => x.id), ['/g/sub']);
    assert.ok(Array.isArray((await call('GET', '/v2/groups/g/versions')).body));
    const dry = await call('PUT', '/v2/groups/g?dryRun=true&force=true', { apps: [app('a'), app('c')] });
    assert.deepEqual(dry.body.steps.map((s: { actions: Array<{ action: string; app: string }> }) => s.actions.map((a) => `${a.action} ${a.app}`)), [['StartApplication /g/c'], ['ScaleApplication /g/c']], 'subgroups not given are kept');
    assert.equal((await call('POST', '/v2/groups', { id: '/g' })).status, 409);
    assert.equal((await call('GET', '/v2/groups/nope')).status, 404);
  });

  it('deployments: GET /v2/deployments/{id} shows one with its history; DELETE with force answers 202 and no body', async () => {
    const created = await call('POST', '/v2/apps', app('/d/one', { mem: 1e9 }));
    const id = created.body.deployments[0].id;
    const detail = (await call('GET', `/v2/deployments/${id}`)).body;
    assert.equal(detail.status, 'running');
    assert.equal(detail.totalSteps, 2);
    assert.equal(detail.currentStep, 2, 'StartApplication with 0 instances is done at once');
    assert.deepEqual(detail.history.map((h: { event: string }) => h.event), ['started', 'step-started', 'step-succeeded', 'step-started']);
    const stopped = await call('DELETE', `/v2/deployments/${id}?force=true`);
    assert.equal(stopped.status, 202);
    assert.equal(stopped.text, '');
    assert.equal((await call('GET', `/v2/deployments/${id}`)).body.status, 'cancelled');
    assert.equal((await call('DELETE', `/v2/deployments/${id}`)).status, 404);
  });

  it('shows a waiting app in /v2/queue with Marathon\'s fields and a reason, and resets its delay', async () => {
    const q = (await call('GET', '/v2/queue')).body.queue.find((i: { app: { id: string } }) => i.app.id === '/d/one');
    assert.equal(q.count, 1);
    assert.deepEqual(Object.keys(q.delay).sort(), ['overdue', 'timeLeftSeconds']);
    assert.ok(q.processedOffersSummary);
    assert.match(q.waitingReason, /waiting for offers/);
    assert.equal((await call('DELETE', '/v2/queue/d/one/delay')).status, 204);
    assert.equal((await call('DELETE', '/v2/queue/d/nothing/delay')).status, 404);
  });

  it('answers every invalid definition of the validation table with 422 and the problem at its path, over HTTP', async () => {
    const cases = Object.values(INVALID_CASES).flat();
    assert.ok(cases.length >= 60, `${cases.length} cases`);
    for (const [what, over, path, message] of cases) {
      // Infinity is what JSON.parse makes of 1e309: send that text.
      const text = JSON.stringify(minimal(over), (_k, v) => (v === Infinity ? '__1e309__' : v)).replace(/"__1e309__"/g, '1e309');
      const res = await request(`${master.url}/v2/apps`, { method: 'POST', headers, body: text });
      const r = { status: res.statusCode, text: await res.body.text(), body: undefined as any };
      r.body = JSON.parse(r.text);
      assert.equal(r.status, 422, `${what}: ${r.status} ${r.text}`);
      assert.equal(r.body.message, 'Object is not valid');
      const errors = r.body.details.find((d: { path: string }) => d.path === path)?.errors ?? [];
      assert.ok(errors.some((e: string) => e.includes(message)), `${what}: expected "${message}" at ${path}, got ${r.text}`);
    }
    assert.equal((await call('GET', '/v2/apps')).body.apps.filter((a: { id: string }) => a.id === '/web').length, 0, 'none of them was stored');
  });

  it('refuses what it would otherwise ignore: unknown query parameters, wipe, force on a plain kill, a version or scaleBy where no rollback or scale happens, extra fields of a bulk kill', async () => {
    const cases: Array<[string, string, unknown, RegExp]> = [
      ['PUT', '/v2/apps/c/created?forse=true', { instances: 1 }, /Unknown query parameter forse: this endpoint takes only force, partialUpdate/],
      ['GET', '/v2/apps/c/created/tasks?containerNetworks=*', undefined, /Unknown query parameter containerNetworks/],
      ['DELETE', '/v2/apps/c/created?host=x', undefined, /Unknown query parameter host/],
      ['DELETE', '/v2/apps/c/created/tasks?wipe=true', undefined, /wipe=true destroys the persistent volumes/],
      ['DELETE', '/v2/apps/c/created/tasks?force=true', undefined, /without scale there is none to override/],
      ['POST', '/v2/tasks/delete', { ids: [], scale: true }, /and nothing else/],
      ['GET', '/v2/queue?embed=everything', undefined, /embeds only lastUnusedOffers/],
      ['GET', '/v2/info?verbose=1', undefined, /takes no query parameters/],
    ];
    for (const [method, path, body, message] of cases) {
      const r = await call(method as 'GET', path, body);
      assert.equal(r.status, 400, `${method} ${path}: ${r.text}`);
      assert.match(r.body.message, message, `${method} ${path}`);
    }
    const grouped = await call('POST', '/v2/groups', { id: '/gv', version: '2020-01-01T00:00:00.000Z', groups: [{ id: 'sub', scaleBy: 2 }] });
    assert.equal(grouped.status, 422);
    assert.deepEqual(grouped.body.details.map((d: { path: string }) => d.path).sort(), ['/groups(0)/scaleBy', '/version']);
  });

  it('filters the text/plain task list by status too', async () => {
    const r = await call('GET', '/v2/tasks?status=staging', undefined, { accept: 'text/plain' });
    assert.equal(r.status, 200);
    assert.doesNotMatch(r.text, /:\d+\t/, 'no running task is listed when only staging ones are asked for');
  });

  it('answers a change with the version the apps got, so a client can find it under /versions and roll back to it', async () => {
    const put = await call('PUT', '/v2/apps/c/created?force=true', { instances: 0 });
    const app = (await call('GET', '/v2/apps/c/created')).body.app;
    assert.equal(put.body.version, app.version);
    assert.equal((await call('GET', `/v2/apps/c/created/versions/${put.body.version}`)).status, 200);
    const restart = await call('POST', '/v2/apps/c/created/restart?force=true');
    assert.equal(restart.body.version, (await call('GET', '/v2/apps/c/created')).body.app.version);
  });

  it('refuses group changes that would misfire: a scaleBy past the instance limit, ".." in a URL, an app twice, a dependency on its own content, a restart body, a version that is no timestamp', async () => {
    await call('POST', '/v2/groups', { id: '/s', apps: [app('a', { instances: 0 })], groups: [{ id: 'keep', apps: [app('k')] }] });
    const cases: Array<[string, string, unknown, number, RegExp]> = [
      ['PUT', '/v2/groups/s?force=true', { scaleBy: 1e300 }, 422, /an app has at most 2147483647/],
      ['DELETE', `/v2/groups/g${encodeURIComponent('/../s')}?force=true`, undefined, 404, /Group '\/g\/\.\.\/s' does not exist/],
      ['POST', '/v2/groups', { id: '/dup', apps: [app('x'), app('x', { cmd: 'sleep 2' })] }, 422, /appears more than once in the group/],
      ['POST', '/v2/groups', { id: '/self', dependencies: ['/self/sub'], groups: [{ id: 'sub' }] }, 422, /cannot depend on what it contains/],
      ['POST', '/v2/apps/c/created/restart?force=true', { foo: 1 }, 400, /takes no body/],
      ['PUT', '/v2/apps/c/created?force=true', { version: 'garbage' }, 422, /must be an ISO-8601 timestamp/],
      ['GET', '/v2/groups/s/versions/garbage', undefined, 404, /does not exist in version garbage/],
    ];
    for (const [method, path, body, status, message] of cases) {
      const r = await call(method as 'GET', path, body);
      assert.equal(r.status, status, `${method} ${path}: ${r.text}`);
      assert.match(r.text, message, `${method} ${path}`);
    }
    assert.ok((await call('GET', '/v2/apps/s/keep/k')).body.app, 'nothing was removed');
  });
});
