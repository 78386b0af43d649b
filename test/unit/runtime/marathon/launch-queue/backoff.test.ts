import assert from 'node:assert/strict';
import { afterFailure, noBackoff } from '../../../../../src/runtime/marathon/launch-queue/backoff.js';

const app = { backoffSeconds: 2, backoffFactor: 2, maxLaunchDelaySeconds: 60 };

describe('launch backoff', () => {
  it('waits backoffSeconds after the first failure, then multiplies by backoffFactor up to maxLaunchDelaySeconds', () => {
    let s = noBackoff();
    const delays: number[] = [];
    for (let k = 0; k < 7; k++) {
      s = afterFailure(s, app, s.notBefore);
      delays.push(s.delayMs / 1000);
    }
    assert.deepEqual(delays, [2, 4, 8, 16, 32, 60, 60]);
  });

  it('starts over after a quiet period of maxLaunchDelaySeconds past the last delay, as Marathon forgets a delay', () => {
    let s = afterFailure(noBackoff(), app, 0);
    s = afterFailure(s, app, s.notBefore);
    assert.equal(s.delayMs, 4_000);
    const justBefore = afterFailure(s, app, s.notBefore + 60_000);
    assert.equal(justBefore.delayMs, 8_000, 'still within the quiet period');
    const after = afterFailure(s, app, s.notBefore + 60_001);
    assert.equal(after.delayMs, 2_000, 'a failure after hours of running is a first failure');
  });
});
