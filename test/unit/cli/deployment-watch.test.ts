import assert from 'node:assert/strict';
import type { DeploymentDetail } from '../../../src/api/marathon-types.js';
import {
  createDeploymentProgress, deploymentOutcome, PlainLines, pollDeployment, readinessOf, stepState,
} from '../../../src/cli/deployment-watch.js';

/** A two-step deployment of /web: start, then scale with readiness checks. */
const at = (s: number) => new Date(Date.UTC(2026, 0, 2, 3, 4, s)).toISOString();
const base: DeploymentDetail = {
  id: 'd1', version: at(0), affectedApps: ['/web'], affectedPods: [],
  steps: [{ actions: [{ action: 'StartApplication', app: '/web' }] }, { actions: [{ action: 'ScaleApplication', app: '/web' }] }],
  currentActions: [{ action: 'StartApplication', app: '/web', readinessCheckResults: [] }],
  currentStep: 1, totalSteps: 2, status: 'running', createdAt: at(0),
  history: [{ at: at(0), event: 'started' }, { at: at(0), event: 'step-started', step: 1 }],
};
const onStep2 = (ready: boolean[]): DeploymentDetail => ({
  ...base,
  currentStep: 2,
  currentActions: [{ action: 'ScaleApplication', app: '/web', readinessCheckResults: ready.map((r, i) => ({ name: 'ready', taskId: `web.${i}`, ready: r })) }],
  history: [...base.history, { at: at(1), event: 'step-succeeded', step: 1 }, { at: at(1), event: 'step-started', step: 2 }],
});
const rolledBack: DeploymentDetail = {
  ...onStep2([false]), status: 'cancelled', reason: 'rolled back by deployment d2', finishedAt: at(3),
  history: [...onStep2([]).history, { at: at(3), event: 'rolled-back', message: 'rolled back by deployment d2' }],
};
const succeeded: DeploymentDetail = {
  ...onStep2([true]), status: 'succeeded', finishedAt: at(2),
  history: [...onStep2([]).history, { at: at(2), event: 'step-succeeded', step: 2 }, { at: at(2), event: 'succeeded' }],
};

describe('deployment watch', () => {
  it('tells where each step stands: done before the current one, then running and pending, or failed and skipped', () => {
    const states = (d: DeploymentDetail) => d.steps.map((_, i) => stepState(d, i));
    assert.deepEqual(states(base), ['running', 'pending']);
    assert.deepEqual(states(onStep2([])), ['done', 'running']);
    assert.deepEqual(states(succeeded), ['done', 'done']);
    assert.deepEqual(states(rolledBack), ['done', 'cancelled']);
    assert.deepEqual(states({ ...base, status: 'failed' }), ['failed', 'skipped']);
  });

  it('sums up the readiness of an app of the current step, when it has results', () => {
    assert.equal(readinessOf(onStep2([true, false]), '/web'), 'readiness 1/2 ready');
    assert.equal(readinessOf(base, '/web'), undefined);
    assert.equal(readinessOf(onStep2([true]), '/other'), undefined);
  });

  it('off a terminal, prints each new history event with its time, and readiness when it changes', () => {
    const lines = new PlainLines();
    const now = new Date(at(9));
    assert.deepEqual(lines.next(base, now), [`${at(0)} deployment started`, `${at(0)} [1/2] started: start /web`]);
    assert.deepEqual(lines.next(base, now), [], 'nothing new');
    assert.deepEqual(lines.next(onStep2([false, false]), now), [
      `${at(1)} [1/2] succeeded`, `${at(1)} [2/2] started: scale /web`, `${at(9)} [2/2] scale /web: readiness 0/2 ready`,
    ]);
    assert.deepEqual(lines.next(onStep2([false, false]), now), []);
    assert.deepEqual(lines.next(onStep2([true, false]), now), [`${at(9)} [2/2] scale /web: readiness 1/2 ready`]);
    assert.deepEqual(lines.next(rolledBack, now), [`${at(3)} deployment rolled back: rolled back by deployment d2`]);
  });

  it('tells how the deployment ended: status, reason, time taken, then its history', () => {
    assert.equal(deploymentOutcome(rolledBack), [
      'Deployment d1 cancelled: rolled back by deployment d2 (3.0s)',
      `  ${at(0)} deployment started`,
      `  ${at(0)} [1/2] started: start /web`,
      `  ${at(1)} [1/2] succeeded`,
      `  ${at(1)} [2/2] started: scale /web`,
      `  ${at(3)} deployment rolled back: rolled back by deployment d2`,
      '',
    ].join('\n'));
    assert.match(deploymentOutcome(succeeded), /^Deployment d1 succeeded \(2\.0s\)\n/);
  });

  it('polls at the interval until the deployment is no longer running, and answers it', async () => {
    const answers = [base, onStep2([]), succeeded];
    const slept: number[] = [];
    const seen: string[] = [];
    const ended = await pollDeployment({
      fetch: async () => answers.shift()!, intervalMs: 250, sleep: async (ms) => void slept.push(ms), onSnapshot: (d) => seen.push(`${d.currentStep} ${d.status}`),
    });
    assert.equal(ended, succeeded);
    assert.deepEqual(seen, ['1 running', '2 running', '2 succeeded']);
    assert.deepEqual(slept, [250, 250]);
  });

  it('stops after maxCount fetches of a deployment still running, without a last sleep, and answers undefined', async () => {
    const slept: number[] = [];
    let fetches = 0;
    const ended = await pollDeployment({ fetch: async () => (fetches++, base), intervalMs: 10, maxCount: 3, sleep: async (ms) => void slept.push(ms), onSnapshot: () => undefined });
    assert.equal(ended, undefined);
    assert.equal(fetches, 3);
    assert.deepEqual(slept, [10, 10]);
  });

  it('with --json, writes the deployment each time it changes, one object a line', async () => {
    const written: string[] = [];
    const progress = createDeploymentProgress('json', { out: { write: (s: string) => written.push(s) } });
    for (const d of [base, base, onStep2([]), succeeded]) progress.show(d);
    await progress.done();
    assert.deepEqual(written.map((l) => JSON.parse(l)), [base, onStep2([]), succeeded]);
    assert.ok(written.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n')));
  });
});
