import assert from 'node:assert/strict';
import { simulateRestart } from './rolling-restart.js';

describe('upgrade strategy: maximumOverCapacity', () => {
  const cases = [
    { n: 6, mhc: 0.5, moc: 0, max: 6 },
    { n: 6, mhc: 0.5, moc: 0.5, max: 9 },
    { n: 6, mhc: 0, moc: 1, max: 12 },
    { n: 10, mhc: 0.5, moc: 0.25, max: 12 },
    { n: 4, mhc: 0.5, moc: 0, max: 4 },
  ];
  for (const c of cases) {
    it(`never has more than ⌊${c.n} × (1 + ${c.moc})⌋ = ${c.max} tasks, tasks being killed included (minimumHealthCapacity ${c.mhc})`, () => {
      const run = simulateRestart({ instances: c.n, minimumHealthCapacity: c.mhc, maximumOverCapacity: c.moc, healthChecks: true });
      assert.equal(run.finished, true);
      const highest = Math.max(...run.samples.map((s) => s.total));
      assert.ok(highest <= c.max, `peak ${highest} > ${c.max}`);
    });
  }

  it('allows one task over capacity when both bounds are equal (1 and 0), as Marathon does, or the restart could not start', () => {
    const run = simulateRestart({ instances: 3, minimumHealthCapacity: 1, maximumOverCapacity: 0, healthChecks: true });
    assert.equal(run.finished, true);
    assert.equal(Math.max(...run.samples.map((s) => s.total)), 4);
    assert.ok(Math.min(...run.samples.map((s) => s.healthy)) >= 3);
  });

  it('with 1 starts every new task beside the old ones at once', () => {
    const run = simulateRestart({ instances: 4, minimumHealthCapacity: 1, maximumOverCapacity: 1 });
    assert.equal(run.samples[1].total, 8);
  });
});
