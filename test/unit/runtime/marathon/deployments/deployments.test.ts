import assert from 'node:assert/strict';
import { queueView } from '../../../../../src/runtime/marathon/api/queue-view.js';
import { SqliteStateStore } from '../../../../../src/runtime/state/sqlite-store.js';
import { FailingStore } from '../../../../harness/failing-store.js';
import { BIG, marathonHarness, rejection, type MarathonHarness } from '../../../../harness/marathon-harness.js';

const small = { cpus: 0.1, mem: 16 };

/** Runs every launched task that has not reported yet. */
function runAll(h: MarathonHarness): void {
  for (const l of h.master.launches()) {
    const i = h.state.instances.get(l.taskId);
    if (i && i.state === 'TASK_STAGING') h.master.update(l.taskId, 'TASK_RUNNING');
  }
}

describe('deployments', () => {
  it('starts an app after the apps it depends on run, step by step', async () => {
    const h = await marathonHarness();
    await h.groups.create({ id: '/shop', apps: [{ id: 'db', cmd: 'db', ...small }, { id: 'web', cmd: 'web', ...small, dependencies: ['/shop/db'] }] });
    await h.settle();
    h.master.offer(BIG);
    assert.deepEqual(h.master.launches().map((l) => l.command.value), ['db'], 'only /shop/db launches first');
    const web = queueView(h.read, false).find((q) => q.app.id === '/shop/web');
    assert.equal(web?.count, 1, 'the queue shows /shop/web waiting');
    assert.match(web?.waitingReason ?? '', /to reach step 3 of 3: step 2 \(\/shop\/db\) must be healthy first/);
    runAll(h);
    await h.settle();
    h.master.offer(BIG);
    assert.deepEqual(h.master.launches().map((l) => l.command.value), ['db', 'web'], 'then /shop/web');
    runAll(h);
    await h.settle();
    assert.equal(h.state.deployments.size, 0);
    assert.deepEqual(h.events.filter((e) => e.eventType.startsWith('deployment_')).map((e) => e.eventType), [
      'deployment_info', 'deployment_step_success', 'deployment_info', 'deployment_step_success', 'deployment_info', 'deployment_step_success', 'deployment_success',
    ]);
  });

  it('rolls back on DELETE: a new deployment restores the previous version and its tasks', async () => {
    const h = await marathonHarness();
    await h.apps.create({ id: 'web', cmd: 'v1', instances: 2, ...small });
    h.master.offer(BIG);
    runAll(h);
    await h.settle();
    const v1Tasks = h.master.launches().map((l) => l.taskId);
    const { deployment } = await h.apps.update('/web', { cmd: 'v2' });
    await h.settle();
    h.master.offer(BIG);
    assert.equal(h.master.launches().length, 4, 'two v2 tasks started beside the old ones');
    const revert = await h.deployer.cancel(deployment.id, false);
    assert.ok(revert);
    await h.settle();
    assert.equal(h.state.apps.get('/web')?.cmd, 'v1');
    assert.deepEqual([...h.master.killed].sort(), h.master.launches().slice(2).map((l) => l.taskId).sort(), 'the v2 tasks are killed');
    assert.ok(v1Tasks.every((id) => !h.master.killed.includes(id)), 'the v1 tasks keep running: they are current again');
    for (const id of h.master.killed) h.master.update(id, 'TASK_KILLED');
    await h.settle();
    assert.equal(h.state.deployments.size, 0, 'the rollback is done');
    const old = h.state.deploymentHistory.find((d) => d.id === deployment.id);
    assert.equal(old?.status, 'cancelled');
    assert.match(old?.reason ?? '', /rolled back by deployment/);
    assert.ok(h.eventsOf('deployment_failed').some((e) => e.id === deployment.id));
  });

  it('only cancels on DELETE with force: the apps stay as they are', async () => {
    const h = await marathonHarness();
    await h.apps.create({ id: 'web', cmd: 'v1', ...small });
    h.master.offer(BIG);
    runAll(h);
    await h.settle();
    const { deployment } = await h.apps.update('/web', { cmd: 'v2' });
    assert.equal(await h.deployer.cancel(deployment.id, true), undefined);
    await h.settle();
    assert.equal(h.state.apps.get('/web')?.cmd, 'v2', 'the definition stays');
    assert.equal(h.state.deployments.size, 0);
    assert.equal(h.state.deploymentHistory.at(-1)?.status, 'cancelled');
  });

  it('answers 404 with Marathon\'s message for a deployment that does not exist', async () => {
    const h = await marathonHarness();
    const err = await rejection(h.deployer.cancel('nope', false));
    assert.equal(err.status, 404);
    assert.equal(err.message, 'DeploymentPlan nope does not exist');
  });

  it('with force, a change cancels the deployment that locks the app and records why', async () => {
    const h = await marathonHarness();
    const first = await h.apps.create({ id: 'web', cmd: 'x', instances: 2, ...small });
    const second = await h.apps.update('/web', { instances: 3 }, { force: true });
    const old = h.state.deploymentHistory.find((d) => d.id === first.deployment.id);
    assert.equal(old?.status, 'cancelled');
    assert.match(old?.reason ?? '', new RegExp(`superseded by deployment ${second.deployment.id}`));
    assert.deepEqual([...h.state.deployments.keys()], [second.deployment.id]);
  });

  it('rolls back by itself when new tasks are not healthy by DCOS_DEPLOYMENT_TIMEOUT_SECONDS, and says why', async () => {
    const h = await marathonHarness();
    const hc = { protocol: 'MESOS_HTTP', gracePeriodSeconds: 5, intervalSeconds: 1, maxConsecutiveFailures: 0 };
    await h.apps.create({ id: 'web', cmd: 'v1', ...small, healthChecks: [hc], labels: { DCOS_DEPLOYMENT_TIMEOUT_SECONDS: '30' } });
    h.master.offer(BIG);
    const v1 = h.master.launches()[0].taskId;
    h.master.update(v1, 'TASK_RUNNING');
    h.master.update(v1, 'TASK_RUNNING', { healthy: true, health: [{ alive: true, consecutiveFailures: 0 }] });
    await h.settle();
    assert.equal(h.state.deployments.size, 0);

    const { deployment } = await h.apps.update('/web', { cmd: 'v2-broken' });
    await h.settle();
    h.master.offer(BIG);
    const v2 = h.master.launches()[1].taskId;
    h.master.update(v2, 'TASK_RUNNING');
    h.master.update(v2, 'TASK_RUNNING', { healthy: false, health: [{ alive: false, consecutiveFailures: 1, lastFailureCause: '500 Internal Server Error' }] });
    await h.settle();
    h.clock.advance(29_000);
    await h.settle();
    assert.ok(h.state.deployments.has(deployment.id), 'still running before its deadline');
    h.clock.advance(1_000);
    await h.settle();
    await h.settle();
    const failed = h.state.deploymentHistory.find((d) => d.id === deployment.id);
    assert.equal(failed?.status, 'failed');
    assert.match(failed?.reason ?? '', /timed out after 30 s at step 1 of 1: RestartApplication \/web: 0 of 1 new tasks healthy and ready; rolled back/);
    assert.ok(failed?.history.some((e) => e.event === 'timed-out'));
    const event = h.eventsOf('deployment_failed').find((e) => e.id === deployment.id);
    assert.match(event?.reason ?? '', /timed out/);
    assert.equal(h.state.apps.get('/web')?.cmd, 'v1', 'back to the version before');
    assert.ok(h.master.killed.includes(v2), 'the new task goes');
    assert.ok(!h.master.killed.includes(v1), 'the old one stays');
  });

  it('publishes app_terminated_event once a removed app has stopped, and health check events as checks come and go', async () => {
    const h = await marathonHarness();
    await h.apps.create({ id: 'web', cmd: 'x', ...small, healthChecks: [{ protocol: 'MESOS_TCP' }] });
    assert.deepEqual(h.eventsOf('add_health_check_event').map((e) => e.appId), ['/web']);
    await h.apps.update('/web', { healthChecks: [] }, { force: true });
    assert.deepEqual(h.eventsOf('remove_health_check_event').map((e) => e.appId), ['/web']);
    h.master.offer(BIG);
    runAll(h);
    await h.settle();
    await h.apps.remove('/web', { force: true });
    await h.settle();
    assert.equal(h.eventsOf('app_terminated_event').length, 0, 'not while its task runs');
    for (const id of h.master.killed) h.master.update(id, 'TASK_KILLED');
    await h.settle();
    assert.deepEqual(h.eventsOf('app_terminated_event').map((e) => e.appId), ['/web']);
  });

  it('finishes at once a change that asks for nothing (the same definition again)', async () => {
    const h = await marathonHarness();
    await h.apps.create({ id: 'web', cmd: 'x', ...small });
    h.master.offer(BIG);
    runAll(h);
    await h.settle();
    const again = await h.apps.update('/web', { cmd: 'x' });
    assert.deepEqual(again.deployment.steps, []);
    assert.equal(h.state.deployments.size, 0);
    assert.ok(h.eventsOf('deployment_success').some((e) => e.id === again.deployment.id));
  });

  it('ends a deployment once when a forced change cancels it while its last step finishes during the commit', async () => {
    const store = new FailingStore(new SqliteStateStore(':memory:'));
    const h = await marathonHarness({ store });
    const first = await h.apps.create({ id: 'web', cmd: 'x', ...small });
    h.master.offer(BIG);
    const task = h.master.launches()[0].taskId;
    let open!: () => void;
    store.gate = new Promise((r) => { open = r; });
    const forced = h.apps.update('/web', { instances: 2 }, { force: true });
    await h.settle();
    h.master.update(task, 'TASK_RUNNING');
    await h.settle();
    store.gate = undefined;
    open();
    await forced;
    await h.settle();
    const ends = h.events.filter((e) => (e.eventType === 'deployment_success' || e.eventType === 'deployment_failed') && e.id === first.deployment.id);
    assert.deepEqual(ends.map((e) => e.eventType), ['deployment_failed'], 'cancelled, once');
    assert.equal(h.state.deploymentHistory.find((d) => d.id === first.deployment.id)?.status, 'cancelled');
  });

  it('scales up once the new tasks are healthy: a task that ran before, unhealthy under maxConsecutiveFailures 0, does not hold it', async () => {
    const h = await marathonHarness();
    await h.apps.create({ id: 'web', cmd: 'x', ...small, healthChecks: [{ protocol: 'MESOS_TCP', maxConsecutiveFailures: 0 }] });
    h.master.offer(BIG);
    const sick = h.master.launches()[0].taskId;
    h.master.update(sick, 'TASK_RUNNING', { healthy: false, health: [{ alive: false, consecutiveFailures: 9 }] });
    await h.settle();
    h.clock.advance(1_000);
    await h.apps.update('/web', { instances: 2 }, { force: true });
    await h.settle();
    h.master.offer(BIG);
    const fresh = h.master.launches()[1].taskId;
    h.master.update(fresh, 'TASK_RUNNING', { healthy: true, health: [{ alive: true, consecutiveFailures: 0, firstSuccess: 1 }] });
    await h.settle();
    assert.equal(h.state.deployments.size, 0, 'the scale deployment is done');
  });
});
