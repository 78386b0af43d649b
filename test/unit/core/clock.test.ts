import assert from 'node:assert/strict';
import { ManualClock } from '../../../src/core/clock.js';

describe('ManualClock', () => {
  it('fires timers in time order when advanced, including timers set while firing', () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimer(20, () => fired.push('b'));
    clock.setTimer(10, () => {
      fired.push('a');
      clock.setTimer(5, () => fired.push('a+5'));
    });
    clock.advance(30);
    assert.deepEqual(fired, ['a', 'a+5', 'b']);
    assert.equal(clock.now(), 30);
  });

  it('does not fire cancelled timers', () => {
    const clock = new ManualClock(0);
    let fired = false;
    clock.setTimer(1, () => { fired = true; }).cancel();
    clock.advance(5);
    assert.equal(fired, false);
  });
});
