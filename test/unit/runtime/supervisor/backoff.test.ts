import assert from 'node:assert/strict';
import { ManualClock } from '../../../../src/core/clock.js';
import { RestartBackoff } from '../../../../src/runtime/supervisor/backoff.js';

describe('RestartBackoff', () => {
  it('waits the minimum after a first death, then doubles on each quick death up to the maximum', () => {
    const clock = new ManualClock();
    const backoff = new RestartBackoff({ minMs: 200, maxMs: 1_000 });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      backoff.started(clock.now());
      clock.advance(5); // dies at once
      const delay = backoff.exited(clock.now());
      delays.push(delay);
      clock.advance(delay);
    }
    assert.deepEqual(delays, [200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('starts again from the minimum after a run that lasted 60 s', () => {
    const clock = new ManualClock();
    const backoff = new RestartBackoff({ minMs: 100, maxMs: 10_000 });
    for (let i = 0; i < 4; i++) {
      backoff.started(clock.now());
      clock.advance(backoff.exited(clock.now()));
    }
    backoff.started(clock.now());
    clock.advance(59_999);
    assert.equal(backoff.exited(clock.now()), 1_600, 'a run of 59.999 s is not yet healthy');
    backoff.started(clock.now());
    clock.advance(60_000);
    assert.equal(backoff.exited(clock.now()), 100);
    backoff.started(clock.now());
    assert.equal(backoff.exited(clock.now()), 200);
  });

  it('forgets past deaths on reset (a restart someone asked for)', () => {
    const backoff = new RestartBackoff({ minMs: 50, maxMs: 400 });
    backoff.exited(0);
    backoff.exited(0);
    backoff.reset();
    assert.equal(backoff.exited(0), 50);
  });

  it('never waits less than the minimum, even with a maximum below it', () => {
    const backoff = new RestartBackoff({ minMs: 300, maxMs: 100 });
    assert.deepEqual([backoff.exited(0), backoff.exited(0)], [300, 300]);
  });
});
