import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { request } from 'undici';
import { MAX_JSON_DEPTH } from '../../../../src/runtime/http/server.js';
import { startMaster, type RunningMaster } from '../../../../src/runtime/master/master.js';

/** The master's HTTP surface against malformed and unauthenticated requests: 4xx, never a crash. */
describe('master HTTP API', () => {
  let dir: string;
  let master: RunningMaster;
  const auth = { authorization: 'Bearer user-secret' };
  const json = { ...auth, 'content-type': 'application/json' };
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, headers: Record<string, string> = auth, body?: string) => {
    const res = await request(`${master.url}${path}`, { method, headers, body });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-master-http-'));
    master = await startMaster({
      host: '127.0.81.1', port: 0, stateDir: dir, clusterName: 't', token: 'user-secret', nodeToken: 'node-secret', log: pino({ level: 'silent' }),
    });
  });

  after(async () => {
    await master?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the token as Bearer, as DC/OS token=, and as the Basic password', async () => {
    const basic = Buffer.from(`anyone:user-secret`).toString('base64');
    for (const authorization of ['Bearer user-secret', 'token=user-secret', `Basic ${basic}`]) {
      assert.equal((await call('GET', '/v2/apps', { authorization })).status, 200, authorization.split(' ')[0]);
    }
  });

  it('refuses the node token on operator routes and the user token on the agent protocol', async () => {
    assert.equal((await call('GET', '/v2/apps', { authorization: 'Bearer node-secret' })).status, 401);
    assert.equal((await call('POST', '/internal/v1/agents/register', json, '{}')).status, 401);
  });

  it('answers malformed JSON with 400 naming the problem', async () => {
    const r = await call('POST', '/v2/apps', json, '{"id": ');
    assert.equal(r.status, 400);
    assert.match(r.body.message, /Invalid JSON/);
  });

  it('answers a body that is not an app object with 422 at path /', async () => {
    for (const body of ['[]', '"x"', '42', 'null']) {
      const r = await call('POST', '/v2/apps', json, body);
      assert.equal(r.status, 422, body);
      assert.ok(r.body.details.some((d: { path: string }) => d.path === '/'), body);
    }
  });

  it('answers a body over the limit with 413', async () => {
    const r = await call('POST', '/v2/apps', json, JSON.stringify({ id: 'big', cmd: 'x'.repeat(2 * 1024 * 1024) }));
    assert.equal(r.status, 413);
  });

  it('answers an unknown app with 404 and Marathon\'s message', async () => {
    const r = await call('GET', '/v2/apps/nope');
    assert.equal(r.status, 404);
    assert.equal(r.body.message, "App '/nope' does not exist");
  });

  it('refuses a PUT whose body names another app', async () => {
    const r = await call('PUT', '/v2/apps/one', json, JSON.stringify({ id: '/two', cmd: 'x' }));
    assert.equal(r.status, 422);
    assert.equal(r.body.details[0].path, '/id');
  });

  it('refuses a malformed agent registration with 400 and every problem', async () => {
    const node = { authorization: 'Bearer node-secret', 'content-type': 'application/json' };
    const r = await call('POST', '/internal/v1/agents/register', node, JSON.stringify({ agentId: '', port: 'x' }));
    assert.equal(r.status, 400);
    assert.match(r.body.message, /agentId.*hostname.*port.*resources.*tasks/);
  });

  it('answers a body nested deeper than the limit with 400 naming the limit, on every route, and keeps running', async () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    const node = { authorization: 'Bearer node-secret', 'content-type': 'application/json' };
    for (const [method, path, headers] of [
      ['POST', '/v2/apps', json], ['PUT', '/v2/apps/deep', json], ['POST', '/internal/v1/agents/register', node],
    ] as const) {
      const r = await call(method, path, headers, `{"id": "/deep", "cmd": "x", "nested": ${deep(5_000)}}`);
      assert.equal(r.status, 400, `${method} ${path}`);
      assert.match(r.body.message, new RegExp(`nested deeper than ${MAX_JSON_DEPTH} levels`));
    }
    const shallowEnough = await call('POST', '/v2/apps', json, `{"id": "/deep", "cmd": "x", "nested": ${deep(MAX_JSON_DEPTH - 1)}}`);
    assert.equal(shallowEnough.status, 422, 'within the limit the body is parsed, and the unknown field refused');
    assert.equal(shallowEnough.body.details[0].path, '/nested');
    assert.equal((await call('GET', '/v2/apps/deep')).status, 404, 'nothing was stored');
  });

  it('still answers after all of the above', async () => {
    const res = await request(`${master.url}/ping`);
    assert.equal(await res.body.text(), 'pong');
  });

  it('takes the registration of an agent running thousands of tasks, though it is larger than the operator API allows', async () => {
    const tasks = Array.from({ length: 6_000 }, (_, k) => ({
      taskId: `big_app.00000000-0000-0000-0000-${String(k).padStart(12, '0')}`, frameworkId: 'fw-unknown-0000', state: 'TASK_RUNNING',
      resources: { cpus: 0.01, mem: 1, disk: 0, ports: [] }, sandbox: `/var/lib/dcos/agent/sandboxes/fw/task-${k}`,
    }));
    const body = JSON.stringify({ agentId: 'big-agent-S0', hostname: '127.0.81.9', port: 5051, resources: { cpus: 64, mem: 65536, disk: 0, ports: [] }, attributes: {}, version: 't', tasks });
    assert.ok(body.length > 1024 * 1024, `${body.length} bytes`);
    const r = await call('POST', '/internal/v1/agents/register', { authorization: 'Bearer node-secret', 'content-type': 'application/json' }, body);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.agentId, 'big-agent-S0');
  });
});
