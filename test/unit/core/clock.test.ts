import assert from 'node:assert/strict';
import { ManualClock, MAX_TIMER_MS, setDeadlineTimer } from '../../../src/core/clock.js';

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

describe('setDeadlineTimer', () => {
  it('runs at a fractional deadline, not before, on a clock that truncates delays as setTimeout does', () => {
    const clock = new ManualClock(0, { truncatesDelays: true });
    const deadline = 1_520.875;
    let firedAt: number | undefined;
    setDeadlineTimer(clock, deadline, () => { firedAt = clock.now(); });
    clock.advance(1_520);
    assert.equal(firedAt, undefined, 'a timer truncated to 1520 ms fired early and must re-arm');
    clock.advance(1);
    assert.equal(firedAt, 1_521, 'at most 1 ms after the deadline');
  });

  it('re-arms for the rest of the wait when a timer fires early', () => {
    let timers = 0;
    const inner = new ManualClock(0);
    // A clock whose timers fire 40% early, like a host clock that jumped forward.
    const jumpy = { now: () => inner.now(), setTimer: (ms: number, fn: () => void) => { timers++; return inner.setTimer(ms * 0.6, fn); } };
    let firedAt: number | undefined;
    setDeadlineTimer(jumpy, 1_000, () => { firedAt = inner.now(); });
    inner.advance(999);
    assert.equal(firedAt, undefined);
    inner.advance(2);
    assert.ok(firedAt !== undefined && firedAt >= 1_000 && firedAt <= 1_001, `fired at ${firedAt}`);
    assert.ok(timers > 2, 'it took several timers to get there');
  });

  it('waits past the longest single timer Node supports instead of firing after 1 ms', () => {
    const clock = new ManualClock(0);
    const thirtyDays = 30 * 24 * 3600 * 1000;
    assert.ok(thirtyDays > MAX_TIMER_MS);
    let fired = false;
    setDeadlineTimer(clock, thirtyDays, () => { fired = true; });
    clock.advance(thirtyDays - 1);
    assert.equal(fired, false);
    clock.advance(1);
    assert.equal(fired, true);
  });

  it('runs a past deadline asynchronously, once, and never after cancel', () => {
    const clock = new ManualClock(100);
    let runs = 0;
    setDeadlineTimer(clock, 50, () => { runs++; });
    assert.equal(runs, 0, 'not synchronously');
    clock.advance(0);
    clock.advance(10);
    assert.equal(runs, 1);
    const cancelled = setDeadlineTimer(clock, 200, () => { runs++; });
    clock.advance(50);
    cancelled.cancel();
    clock.advance(500);
    assert.equal(runs, 1);
  });
});
