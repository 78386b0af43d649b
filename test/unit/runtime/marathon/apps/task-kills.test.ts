import assert from 'node:assert/strict';
import { BIG, marathonHarness } from '../../../../harness/marathon-harness.js';

async function running(instances: number) {
  const h = await marathonHarness();
  await h.apps.create({ id: 'web', cmd: 'x', instances, cpus: 0.1, mem: 16 });
  h.master.offerMany(BIG, ['a1', 'a2']);
  for (const l of h.master.launches()) h.master.update(l.taskId, 'TASK_RUNNING');
  await h.settle();
  assert.equal(h.state.deployments.size, 0);
  return h;
}

describe('task kills', () => {
  it('without scale, kills the task and replaces it: the app keeps its instances', async () => {
    const h = await running(3);
    const victim = h.state.instancesOf('/web')[0];
    assert.equal(await h.apps.killTasks([victim], { scale: false }), undefined);
    await h.settle();
    assert.deepEqual(h.master.killed, [victim.taskId]);
    h.master.update(victim.taskId, 'TASK_KILLED');
    h.master.offer(BIG);
    assert.equal(h.master.launches().length, 4, 'a replacement');
    assert.equal(h.state.apps.get('/web')?.instances, 3);
    assert.equal(h.state.failures.get('/web'), undefined, 'a kill asked for is no failure');
  });

  it('with scale, kills exactly that task in a deployment and leaves instances - 1', async () => {
    const h = await running(3);
    const victim = h.state.instancesOf('/web')[1];
    const d = await h.apps.killTasks([victim], { scale: true });
    assert.ok(d);
    assert.deepEqual(d.steps, [{ actions: [{ action: 'ScaleApplication', app: '/web', tasksToKill: [victim.taskId] }] }]);
    await h.settle();
    assert.deepEqual(h.master.killed, [victim.taskId], 'the named task, not the youngest');
    assert.equal(h.state.apps.get('/web')?.instances, 2);
    h.master.update(victim.taskId, 'TASK_KILLED');
    await h.settle();
    h.master.offer(BIG);
    assert.equal(h.master.launches().length, 3, 'no replacement');
    assert.equal(h.state.deployments.size, 0);
  });

  it('with scale, kills the tasks of several apps in one deployment', async () => {
    const h = await running(2);
    await h.apps.create({ id: 'api', cmd: 'x', instances: 2, cpus: 0.1, mem: 16 });
    h.master.offer(BIG);
    for (const l of h.master.launches()) if (h.state.instances.get(l.taskId)?.state === 'TASK_STAGING') h.master.update(l.taskId, 'TASK_RUNNING');
    await h.settle();
    const victims = [h.state.instancesOf('/web')[0], h.state.instancesOf('/api')[0]];
    const d = await h.apps.killTasks(victims, { scale: true });
    assert.deepEqual(d?.affectedApps, ['/api', '/web']);
    assert.equal(h.state.apps.get('/web')?.instances, 1);
    assert.equal(h.state.apps.get('/api')?.instances, 1);
  });
});
