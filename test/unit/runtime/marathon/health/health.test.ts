import assert from 'node:assert/strict';
import type { HealthCheckReport } from '../../../../../src/core/framework.js';
import { BIG, marathonHarness } from '../../../../harness/marathon-harness.js';

const failing = (n: number, cause = 'connection refused', firstSuccess?: number): HealthCheckReport => ({ alive: false, consecutiveFailures: n, lastFailureCause: cause, ...(firstSuccess ? { firstSuccess } : {}) });

async function withApp(hc: Record<string, unknown> = {}) {
  const h = await marathonHarness();
  await h.apps.create({
    id: 'web', cmd: 'serve', cpus: 0.1, mem: 16, backoffSeconds: 10,
    healthChecks: [{ protocol: 'MESOS_HTTP', path: '/health', gracePeriodSeconds: 60, intervalSeconds: 5, maxConsecutiveFailures: 3, ...hc }],
  });
  h.master.offer(BIG);
  const task = h.master.launches()[0].taskId;
  h.master.update(task, 'TASK_RUNNING');
  await h.settle();
  return { h, task };
}

describe('health checks (scheduler side)', () => {
  it('launches the checks with the port resolved from portIndex and Marathon protocols mapped onto the agent probes', async () => {
    const { h } = await withApp();
    const launch = h.master.launches()[0];
    assert.deepEqual(launch.healthChecks, [{
      protocol: 'HTTP', port: Number(launch.env.PORT0), path: '/health', gracePeriodSeconds: 60, intervalSeconds: 5, timeoutSeconds: 20, delaySeconds: 15, ignoreHttp1xx: false, ipProtocol: 'IPv4',
    }]);
  });

  it('counts a task as healthy only once its checks pass, and publishes the change', async () => {
    const { h, task } = await withApp();
    assert.equal(h.state.instances.get(task)?.healthy, undefined);
    h.master.update(task, 'TASK_RUNNING', { healthy: true, health: [{ alive: true, consecutiveFailures: 0, firstSuccess: 1 }] });
    await h.settle();
    assert.equal(h.state.instances.get(task)?.healthy, true);
    assert.deepEqual(h.eventsOf('health_status_changed_event').map((e) => [e.taskId, e.alive]), [[task, true]]);
    assert.equal(h.state.deployments.size, 0, 'the deployment waited for health, and is done');
  });

  it('keeps the deployment running while the new task is not healthy', async () => {
    const { h } = await withApp();
    assert.equal(h.state.deployments.size, 1);
  });

  it('publishes failed_health_check_event per counted failure and kills the task after maxConsecutiveFailures, with backoff', async () => {
    const { h, task } = await withApp({ gracePeriodSeconds: 0 });
    h.master.update(task, 'TASK_RUNNING', { healthy: false, health: [failing(1)] });
    h.master.update(task, 'TASK_RUNNING', { healthy: false, health: [failing(2)] });
    await h.settle();
    assert.equal(h.eventsOf('failed_health_check_event').length, 2);
    assert.deepEqual(h.master.killed, [], 'not yet: 2 of 3');
    h.master.update(task, 'TASK_RUNNING', { healthy: false, health: [failing(3, '500 Internal Server Error')] });
    await h.settle();
    assert.deepEqual(h.master.killed, [task]);
    assert.equal(h.eventsOf('unhealthy_task_kill_event')[0]?.reason, '500 Internal Server Error');
    h.master.update(task, 'TASK_KILLED');
    await h.settle();
    assert.match(h.state.failures.get('/web')?.message ?? '', /health checks: 500 Internal Server Error/);
    h.master.offer(BIG);
    assert.equal(h.master.launches().length, 1, 'the replacement waits out the backoff delay');
    h.clock.advance(10_000);
    await h.settle();
    h.master.offer(BIG);
    assert.equal(h.master.launches().length, 2, 'then it is replaced');
  });

  it('never kills a task in its grace period, even when failures are reported', async () => {
    const { h, task } = await withApp({ gracePeriodSeconds: 60 });
    h.master.update(task, 'TASK_RUNNING', { healthy: false, health: [failing(5)] });
    await h.settle();
    assert.deepEqual(h.master.killed, [], 'within the 60 s grace period');
    h.clock.advance(61_000);
    h.master.update(task, 'TASK_RUNNING', { healthy: false, health: [failing(6)] });
    await h.settle();
    assert.deepEqual(h.master.killed, [task], 'after it');
  });

  it('kills after the first success even within the grace period, since the grace ends there', async () => {
    const { h, task } = await withApp({ gracePeriodSeconds: 600 });
    h.master.update(task, 'TASK_RUNNING', { healthy: false, health: [failing(3, 'timeout', 1)] });
    await h.settle();
    assert.deepEqual(h.master.killed, [task]);
  });

  it('never kills with maxConsecutiveFailures 0', async () => {
    const { h, task } = await withApp({ gracePeriodSeconds: 0, maxConsecutiveFailures: 0 });
    h.master.update(task, 'TASK_RUNNING', { healthy: false, health: [failing(50)] });
    await h.settle();
    assert.deepEqual(h.master.killed, []);
    assert.equal(h.state.instances.get(task)?.healthy, false);
  });

  it('makes no task unhealthy when its agent stops reporting', async () => {
    const { h, task } = await withApp({ gracePeriodSeconds: 0 });
    h.master.update(task, 'TASK_RUNNING', { healthy: true, health: [{ alive: true, consecutiveFailures: 0, firstSuccess: 1 }] });
    await h.settle();
    h.clock.advance(3_600_000);
    h.master.update(task, 'TASK_RUNNING');
    await h.settle();
    assert.equal(h.state.instances.get(task)?.healthy, true, 'an update without health leaves it as it was');
    assert.deepEqual(h.master.killed, []);
  });
});
