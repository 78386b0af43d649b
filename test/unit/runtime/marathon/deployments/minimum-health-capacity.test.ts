import assert from 'node:assert/strict';
import { simulateRestart } from './rolling-restart.js';

describe('upgrade strategy: minimumHealthCapacity', () => {
  const cases = [
    { n: 6, mhc: 0.5, moc: 0, healthy: 3 },
    { n: 6, mhc: 0.5, moc: 1, healthy: 3 },
    { n: 6, mhc: 1, moc: 1, healthy: 6 },
    { n: 6, mhc: 1, moc: 0, healthy: 6 },
    { n: 10, mhc: 0.75, moc: 0.2, healthy: 8 },
    { n: 5, mhc: 0.9, moc: 0, healthy: 5 },
    { n: 3, mhc: 0, moc: 0, healthy: 0 },
    { n: 1, mhc: 1, moc: 0, healthy: 1 },
  ];
  for (const c of cases) {
    for (const checks of [{ healthChecks: false }, { healthChecks: true }, { healthChecks: true, readiness: true }]) {
      const label = `${checks.readiness ? 'health and readiness checks' : checks.healthChecks ? 'health checks' : 'no checks'}`;
      it(`keeps at least ⌈${c.n} × ${c.mhc}⌉ = ${c.healthy} healthy at every step of a restart (maximumOverCapacity ${c.moc}, ${label}), and finishes`, () => {
        const run = simulateRestart({ instances: c.n, minimumHealthCapacity: c.mhc, maximumOverCapacity: c.moc, ...checks });
        assert.equal(run.finished, true, `finished in ${run.steps} steps`);
        const lowest = Math.min(...run.samples.map((s) => s.healthy));
        assert.ok(lowest >= c.healthy, `lowest healthy count ${lowest} < ${c.healthy}: ${JSON.stringify(run.samples)}`);
      });
    }
  }

  it('with 0 kills every old task at once', () => {
    const run = simulateRestart({ instances: 4, minimumHealthCapacity: 0, maximumOverCapacity: 0 });
    assert.equal(run.samples[1].healthy, 0, 'every old task asked to go in the first step');
  });
});
