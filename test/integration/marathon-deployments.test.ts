import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import type { MarathonApp, MarathonTask } from '../../src/api/marathon-types.js';
import { dcosOk } from '../harness/dcos-cli.js';
import { InProcessCluster } from '../harness/in-process-cluster.js';
import { eventually } from '../harness/proc.js';
import { SseTestClient } from '../harness/sse-client.js';

const SERVER = fileURLToPath(new URL('../fixtures/health-server.mjs', import.meta.url));
/** A task serving HTTP on $PORT0 that answers with the status in its sandbox's `status` file (200 without one). */
const serve = (prelude = '') => `${prelude}exec ${process.execPath} ${SERVER}`;
const check = (over: Record<string, unknown> = {}) => ({
  protocol: 'MESOS_HTTP', path: '/', gracePeriodSeconds: 30, intervalSeconds: 1, timeoutSeconds: 1, delaySeconds: 0, maxConsecutiveFailures: 3, ...over,
});

/**
 * The scheduler's promises on a real cluster: real agents running real HTTP servers,
 * health checks run by the agents, deployments driven by them.
 */
describe('Marathon deployments on a real cluster', function () {
  this.timeout(90_000);
  let c: InProcessCluster;

  before(async () => {
    c = await InProcessCluster.start({ masterHost: '127.0.110.1', agentHosts: ['127.0.110.2', '127.0.110.3'] });
  });
  after(async () => c?.stop());

  const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => {
    const res = await request(`${c.url}${path}`, {
      method, headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
  };
  const app = async (id: string): Promise<MarathonApp> => (await api('GET', `/v2/apps${id}`)).body.app;
  const healthy = (id: string, n: number) => eventually(async () => {
    const a = await app(id);
    return a.tasksHealthy === n && a.tasksRunning === n && a.deployments.length === 0 ? a : undefined;
  }, 40_000, `${id} to have ${n} healthy tasks`);
  const sandboxOf = async (task: MarathonTask) => {
    const { frameworks } = await c.masterApi.state();
    return frameworks.flatMap((f) => f.tasks).find((t) => t.id === task.id)!.sandbox_directory!;
  };

  it('keeps at least half of 6 instances healthy at every moment of a rolling restart with minimumHealthCapacity 0.5 (sampled every 100 ms)', async () => {
    await c.marathon.createApp({
      id: '/it/rolling', cmd: serve(), instances: 6, cpus: 0.01, mem: 16, healthChecks: [check()],
      upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
    });
    const before = await healthy('/it/rolling', 6);
    const restart = await api('POST', '/v2/apps/it/rolling/restart');
    assert.equal(restart.status, 200);
    let lowest = 6;
    let highest = 0;
    let samples = 0;
    await eventually(async () => {
      const a = await app('/it/rolling');
      samples++;
      lowest = Math.min(lowest, a.tasksHealthy);
      highest = Math.max(highest, a.tasksRunning + a.tasksStaged);
      if (a.deployments.length > 0) return undefined;
      return a.tasksHealthy === 6 ? a : undefined;
    }, 60_000, 'the restart to finish');
    // (sampling keeps its own pace: each round trip is one sample, well under 100 ms apart)
    assert.ok(samples > 5, `${samples} samples`);
    assert.ok(lowest >= 3, `the healthy count fell to ${lowest}`);
    assert.ok(highest <= 6, `maximumOverCapacity 0, yet ${highest} tasks ran at once`);
    const after = await app('/it/rolling');
    const oldIds = new Set(before.tasks!.map((t) => t.id));
    assert.ok(after.tasks!.every((t) => !oldIds.has(t.id)), 'every task replaced');
    await c.marathon.removeApp('/it/rolling', { force: true });
  });

  it('replaces a task whose HTTP health check fails, and never kills one in its grace period', async () => {
    await c.marathon.createApp({
      id: '/it/health', cmd: serve(), instances: 2, cpus: 0.01, mem: 16, backoffSeconds: 0, healthChecks: [check({ maxConsecutiveFailures: 2 })],
    });
    const a = await healthy('/it/health', 2);
    const [sick, well] = a.tasks!;
    writeFileSync(join(await sandboxOf(sick), 'status'), '500');
    const replaced = await eventually(async () => {
      const now = await app('/it/health');
      const ids = now.tasks!.map((t) => t.id);
      return !ids.includes(sick.id) && now.tasksHealthy === 2 ? now : undefined;
    }, 30_000, 'the unhealthy task to be replaced');
    assert.ok(replaced.tasks!.some((t) => t.id === well.id), 'the healthy one stays');
    const failure = (await api('GET', '/v2/apps/it/health?embed=app.lastTaskFailure')).body.app.lastTaskFailure;
    assert.match(failure.message, /health checks: 500/);

    // A task that answers 500 from the start is not killed within its 4 s grace period.
    await c.marathon.createApp({
      id: '/it/grace', cmd: serve('echo 500 > status; '), cpus: 0.01, mem: 16, healthChecks: [check({ gracePeriodSeconds: 4, maxConsecutiveFailures: 1 })],
    });
    const first = await eventually(async () => (await app('/it/grace')).tasks?.find((t) => t.state === 'TASK_RUNNING'), 20_000, '/it/grace to run');
    const startedAt = Date.parse(first.startedAt!);
    const killedAt = await eventually(async () => ((await app('/it/grace')).tasks!.some((t) => t.id === first.id) ? undefined : Date.now()), 30_000, 'the task to be killed after its grace period');
    assert.ok(killedAt - startedAt >= 4_000, `killed ${killedAt - startedAt} ms after it started, within its grace period`);
    await c.marathon.removeApp('/it/health', { force: true });
    await c.marathon.removeApp('/it/grace', { force: true });
  });

  it('restores the previous version and its tasks when a deployment is rolled back', async () => {
    await c.marathon.createApp({ id: '/it/rollback', cmd: serve(), instances: 2, cpus: 0.01, mem: 16, healthChecks: [check()], env: { V: '1' } });
    const v1 = await healthy('/it/rollback', 2);
    const broken = await api('PUT', '/v2/apps/it/rollback', { cmd: serve('echo 500 > status; '), env: { V: '2' } });
    await eventually(async () => ((await app('/it/rollback')).tasks!.length > 2 ? true : undefined), 20_000, 'new tasks beside the old');
    const revert = await api('DELETE', `/v2/deployments/${broken.body.deploymentId}`);
    assert.equal(revert.status, 200);
    const back = await healthy('/it/rollback', 2);
    assert.equal(back.env.V, '1');
    assert.deepEqual(back.tasks!.map((t) => t.id).sort(), v1.tasks!.map((t) => t.id).sort(), 'the same tasks as before: they never stopped');
    const detail = (await api('GET', `/v2/deployments/${broken.body.deploymentId}`)).body;
    assert.equal(detail.status, 'cancelled');
    assert.match(detail.reason, new RegExp(`rolled back by deployment ${revert.body.deploymentId}`));
    await c.marathon.removeApp('/it/rollback', { force: true });
  });

  it('starts a group in dependency order: an app starts only after what it depends on is healthy', async () => {
    const created = await api('POST', '/v2/groups', {
      id: '/it/grp',
      apps: [
        { id: 'db', cmd: serve(), cpus: 0.01, mem: 16, healthChecks: [check()] },
        { id: 'web', cmd: serve(), cpus: 0.01, mem: 16, dependencies: ['/it/grp/db'], healthChecks: [check()] },
      ],
    });
    assert.equal(created.status, 201);
    const web = await healthy('/it/grp/web', 1);
    const db = await app('/it/grp/db');
    const dbHealthy = Date.parse(db.tasks![0].healthCheckResults![0].firstSuccess!);
    assert.ok(Date.parse(web.tasks![0].stagedAt) >= dbHealthy, 'web was staged after db became healthy');
    await api('DELETE', '/v2/groups/it/grp?force=true');
  });

  it('kills one task with scale=true and leaves instances − 1, and answers 409 on a locked app unless forced', async () => {
    await c.marathon.createApp({ id: '/it/kill', cmd: 'sleep 1000', instances: 3, cpus: 0.01, mem: 8 });
    const a = await c.waitForRunning('/it/kill', 3);
    const victim = a.tasks![1].id;
    const killed = await api('DELETE', `/v2/apps/it/kill/tasks/${victim}?scale=true`);
    assert.equal(killed.status, 200);
    assert.ok(killed.body.deploymentId);
    const after = await c.waitForRunning('/it/kill', 2);
    assert.equal(after.instances, 2);
    assert.ok(!after.tasks!.some((t) => t.id === victim), 'that task, not another');

    await api('PUT', '/v2/apps/it/kill', { instances: 50, mem: 1e6 });
    const locked = await api('PUT', '/v2/apps/it/kill', { instances: 2 });
    assert.equal(locked.status, 409);
    assert.equal(locked.body.deployments.length, 1);
    assert.equal((await api('PUT', '/v2/apps/it/kill?force=true', { instances: 2, mem: 8 })).status, 200);
    await c.waitForRunning('/it/kill', 2);
    await c.marathon.removeApp('/it/kill', { force: true });
  });

  it("streams a deployment's events to an SSE client, in order", async () => {
    const stream = await SseTestClient.open(`${c.url}/v2/events?plan-format=light`, { accept: 'text/event-stream', authorization: `Bearer ${c.token}` });
    try {
      const created = await api('POST', '/v2/apps', { id: '/it/sse', cmd: 'sleep 1000', instances: 2, cpus: 0.01, mem: 8 });
      const id = created.body.deployments[0].id as string;
      const mine = () => stream.frames.filter((f) => f.data && (f.data.includes(id) || f.data.includes('"/it/sse"')))
        .map((f) => ({ type: f.event!, data: JSON.parse(f.data!) }));
      await eventually(() => mine().some((e) => e.type === 'deployment_success'), 20_000, 'deployment_success');
      const order = mine().map((e) => (e.type === 'status_update_event' ? `${e.type} ${e.data.taskStatus}` : e.type))
        .filter((t) => t !== 'api_post_event' && t !== 'instance_changed_event');
      assert.deepEqual(order, [
        'deployment_info', 'deployment_step_success', 'deployment_info',
        'status_update_event TASK_RUNNING', 'status_update_event TASK_RUNNING',
        'deployment_step_success', 'deployment_success',
      ]);
      const info = mine().find((e) => e.type === 'deployment_info')!.data;
      assert.deepEqual(Object.keys(info.plan).sort(), ['id', 'steps', 'version'], 'the light plan format');
    } finally {
      stream.close();
    }
    await c.marathon.removeApp('/it/sse', { force: true });
  });

  it("shows what the app's general check finds in the task's checkResult, and a failing check never replaces the task", async () => {
    await c.marathon.createApp({
      id: '/it/checked', cmd: serve('echo 503 > status; '), instances: 1, cpus: 0.01, mem: 32,
      check: { http: { portIndex: 0, path: '/' }, intervalSeconds: 1, timeoutSeconds: 1, delaySeconds: 0 },
    });
    const task = await eventually(async () => {
      const [t] = await c.marathon.listTasks('/it/checked');
      return t?.checkResult?.http?.statusCode === 503 ? t : undefined;
    }, 20_000, 'the check result');
    assert.equal(task.state, 'TASK_RUNNING');
    await new Promise((r) => setTimeout(r, 1_500));
    assert.deepEqual((await c.marathon.listTasks('/it/checked')).map((t) => t.id), [task.id], 'the same task: a check never kills');
    await c.marathon.removeApp('/it/checked', { force: true });
  });

  it('runs 2 of 3 instances with hostname UNIQUE on 2 agents and says why the third waits, in /v2/queue and `dcos marathon debug summary`', async () => {
    await c.marathon.createApp({ id: '/it/unique', cmd: 'sleep 1000', instances: 3, cpus: 0.01, mem: 8, constraints: [['hostname', 'UNIQUE']] });
    const item = await eventually(async () => {
      const a = await app('/it/unique');
      const q = (await api('GET', '/v2/queue')).body.queue.find((i: { app: { id: string } }) => i.app.id === '/it/unique');
      return a.tasksRunning === 2 && q?.processedOffersSummary.processedOffersCount > 0 ? q : undefined;
    }, 20_000, '2 running and the third waiting with offers seen');
    const hosts = (await app('/it/unique')).tasks!.map((t) => t.host).sort();
    assert.deepEqual(hosts, ['127.0.110.2', '127.0.110.3'], 'one per agent');
    assert.equal(item.count, 1);
    assert.match(item.waitingReason, /2 agents: hostname UNIQUE/);
    assert.ok(item.processedOffersSummary.rejectSummaryLastOffers.some((r: { reason: string; declined: number }) => r.reason === 'UnfulfilledConstraint' && r.declined === 2));
    const summary = await dcosOk(c.dcosDir, ['marathon', 'debug', 'summary', '/it/unique']);
    assert.match(summary, /2 agents: hostname UNIQUE/);
    assert.match(summary, /UnfulfilledConstraint/);
    await c.marathon.removeApp('/it/unique', { force: true });
  });
});
