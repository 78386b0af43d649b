import assert from 'node:assert/strict';
import { Limiter } from '../../../../src/provisioner/ssh/limiter.js';

describe('Limiter', () => {
  it('runs at most `limit` tasks at once, the others in arrival order', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => limiter.run(async () => {
      started.push(i);
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
    })));
    assert.equal(most, 2);
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
  });

  it('frees the slot of a task that fails', async () => {
    const limiter = new Limiter(1);
    await assert.rejects(limiter.run(async () => { throw new Error('boom'); }), /boom/);
    assert.equal(await limiter.run(async () => 'next'), 'next');
  });

  it('refuses a limit below 1', () => {
    assert.throws(() => new Limiter(0), RangeError);
  });
});
