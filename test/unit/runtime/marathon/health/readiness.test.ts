import assert from 'node:assert/strict';
import type { HttpProbe } from '../../../../../src/runtime/marathon/health/readiness-checker.js';
import { BIG, marathonHarness } from '../../../../harness/marathon-harness.js';

describe('readiness checks', () => {
  it('gate a deployment: the step waits until the new task answers a ready status, checked every intervalSeconds', async () => {
    const asked: string[] = [];
    let status = 503;
    const probe: HttpProbe = async (url) => {
      asked.push(url);
      return { status, contentType: 'text/plain', body: status === 200 ? 'ok' : 'warming up' };
    };
    const h = await marathonHarness({ readinessProbe: probe });
    await h.apps.create({
      id: 'web', cmd: 'serve', cpus: 0.1, mem: 16, portDefinitions: [{ port: 0, name: 'http-api' }],
      readinessChecks: [{ path: '/ready', intervalSeconds: 3, timeoutSeconds: 1, preserveLastResponse: true }],
    });
    h.master.offer(BIG);
    const launch = h.master.launches()[0];
    h.master.update(launch.taskId, 'TASK_RUNNING');
    await h.settle();
    h.clock.advance(0);
    await h.settle();
    assert.deepEqual(asked, [`http://127.0.9.2:${launch.env.PORT0}/ready`]);
    assert.equal(h.state.deployments.size, 1, 'not ready yet');
    assert.deepEqual(h.read.readiness(launch.taskId), [{ name: 'readinessCheck', taskId: launch.taskId, ready: false, lastResponse: { status: 503, contentType: 'text/plain', body: 'warming up' }, lastError: 'HTTP 503' }]);
    status = 200;
    h.clock.advance(2_999);
    await h.settle();
    assert.equal(asked.length, 1, 'next check after intervalSeconds');
    h.clock.advance(1);
    await h.settle();
    await h.settle();
    assert.equal(asked.length, 2);
    assert.equal(h.state.instances.get(launch.taskId)?.ready, true);
    assert.equal(h.state.deployments.size, 0, 'the deployment is done once the task is ready');
  });
});
