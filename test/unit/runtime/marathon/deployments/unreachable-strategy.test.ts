import assert from 'node:assert/strict';
import { BIG, marathonHarness } from '../../../../harness/marathon-harness.js';

async function runningOn(strategy: unknown) {
  const h = await marathonHarness();
  await h.apps.create({ id: 'web', cmd: 'x', cpus: 0.1, mem: 16, unreachableStrategy: strategy });
  h.master.offer(BIG);
  const task = h.master.launches()[0].taskId;
  h.master.update(task, 'TASK_RUNNING');
  await h.settle();
  h.master.update(task, 'TASK_UNREACHABLE');
  await h.settle();
  return { h, task };
}

describe('unreachableStrategy', () => {
  it('replaces an unreachable task only after inactiveAfterSeconds, and kills it after expungeAfterSeconds', async () => {
    const { h, task } = await runningOn({ inactiveAfterSeconds: 60, expungeAfterSeconds: 300 });
    h.master.offer(BIG);
    assert.equal(h.master.launches().length, 1, 'still counts as an instance for 60 s');
    h.clock.advance(60_000);
    await h.settle();
    h.master.offer(BIG);
    assert.equal(h.master.launches().length, 2, 'replaced once inactive');
    assert.deepEqual(h.master.killed, [], 'not expunged yet');
    h.clock.advance(240_000);
    await h.settle();
    assert.deepEqual(h.master.killed, [task], 'expunged: killed when its agent returns');
  });

  it('with the default 0/0 replaces it at once and kills it when it returns', async () => {
    const { h, task } = await runningOn(undefined);
    h.master.offer(BIG);
    assert.equal(h.master.launches().length, 2);
    assert.deepEqual(h.master.killed, [task]);
  });

  it('"disabled" never replaces it', async () => {
    const { h } = await runningOn('disabled');
    h.clock.advance(86_400_000);
    await h.settle();
    h.master.offer(BIG);
    assert.equal(h.master.launches().length, 1);
    assert.deepEqual(h.master.killed, []);
  });
});
