import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../src/core/clock.js';
import type { HealthCheckReport, TaskHealthCheck } from '../../../../../src/core/framework.js';
import type { Probe, ProbeResult } from '../../../../../src/runtime/agent/health/probe.js';
import { TaskHealthChecker } from '../../../../../src/runtime/agent/health/task-health-checker.js';
import { silentLogger } from '../helpers.js';
import { healthCheck } from './helpers.js';

const flush = () => new Promise((r) => setImmediate(r));

/**
 * A probe whose answers the test gives: each run waits until the test settles it with
 * `answer`, or until it is aborted, when it resolves as real probes do.
 */
class ScriptedProbe {
  readonly runs: Array<{ check: number; at: number; signal: AbortSignal; settle: (r: ProbeResult) => void }> = [];
  constructor(private readonly clock: ManualClock, private readonly checks: TaskHealthCheck[]) {}

  readonly probe: Probe = (check, _target, signal) => new Promise((resolve) => {
    this.runs.push({ check: this.checks.indexOf(check), at: this.clock.now(), signal, settle: resolve });
    signal.addEventListener('abort', () => resolve({ kind: 'unhealthy', cause: 'aborted' }), { once: true });
  });

  /** Settles the latest run of check `i`, and lets what it causes at this instant happen. */
  async answer(i: number, result: ProbeResult): Promise<void> {
    const run = this.runs.filter((r) => r.check === i).at(-1);
    assert.ok(run, `check ${i} has run`);
    run.settle(result);
    await flush();
    this.clock.advance(0);
  }
}

describe('TaskHealthChecker', () => {
  let clock: ManualClock;
  let reports: Array<{ at: number; healthy: boolean; health: HealthCheckReport[] }>;
  let checker: TaskHealthChecker | undefined;

  const setup = (checks: TaskHealthCheck[], opts: { runningSince?: number; initial?: HealthCheckReport[] } = {}) => {
    const scripted = new ScriptedProbe(clock, checks);
    checker = new TaskHealthChecker({
      taskId: 't.1', checks, target: { host: '127.0.102.2', sandbox: '/nonexistent', env: {} },
      runningSince: opts.runningSince ?? clock.now(), initial: opts.initial, clock, logger: silentLogger, probe: scripted.probe,
      onReport: (healthy, health) => reports.push({ at: clock.now(), healthy, health }),
    });
    checker.start();
    return scripted;
  };
  const advance = async (ms: number) => {
    clock.advance(ms);
    await flush();
  };
  const ok: ProbeResult = { kind: 'healthy' };
  const bad: ProbeResult = { kind: 'unhealthy', cause: '503 Service Unavailable' };

  beforeEach(() => {
    clock = new ManualClock();
    reports = [];
  });
  afterEach(() => checker?.stop());

  it('runs the first check delaySeconds after the task started, then intervalSeconds after each run ended', async () => {
    const start = clock.now();
    const probe = setup([healthCheck({ delaySeconds: 3, intervalSeconds: 5 })]);
    await advance(2_999);
    assert.equal(probe.runs.length, 0);
    await advance(1);
    assert.deepEqual(probe.runs.map((r) => r.at - start), [3_000]);
    await advance(1_500); // the run takes 1.5 s
    await probe.answer(0, ok);
    await advance(4_999);
    assert.equal(probe.runs.length, 1, 'the interval counts from the end of the run');
    await advance(1);
    assert.deepEqual(probe.runs.map((r) => r.at - start), [3_000, 9_500]);
  });

  it('sends an update on the first success, on every counted failure and on the recovery, never on repeated successes', async () => {
    const probe = setup([healthCheck({ gracePeriodSeconds: 0, intervalSeconds: 1 })]);
    for (const result of [ok, ok, bad, bad, ok, ok]) {
      await advance(0);
      await probe.answer(0, result);
      await advance(1_000);
    }
    assert.deepEqual(reports.map((r) => [r.healthy, r.health[0].consecutiveFailures]), [[true, 0], [false, 1], [false, 2], [true, 0]]);
    assert.equal(reports[1].health[0].lastFailureCause, '503 Service Unavailable');
  });

  it('aborts a run that takes longer than timeoutSeconds and counts it as a failure', async () => {
    const probe = setup([healthCheck({ gracePeriodSeconds: 0, timeoutSeconds: 2 })]);
    await advance(0);
    await advance(1_999);
    assert.equal(probe.runs[0].signal.aborted, false);
    await advance(1);
    assert.equal(probe.runs[0].signal.aborted, true);
    await advance(0);
    assert.equal(reports.length, 1);
    assert.deepEqual(reports[0].health[0], {
      alive: false, consecutiveFailures: 1, lastFailure: clock.now(), lastFailureCause: 'Health check timed out after 2s',
    });
  });

  it('reports nothing for failures within the grace period, then counts them', async () => {
    const probe = setup([healthCheck({ gracePeriodSeconds: 10, intervalSeconds: 4 })]);
    for (let i = 0; i < 3; i++) { // runs at 0, 4, 8 s
      await advance(0);
      await probe.answer(0, bad);
      await advance(4_000);
    }
    assert.equal(reports.length, 0);
    await probe.answer(0, bad); // at 12 s
    assert.deepEqual(reports.map((r) => r.health[0].consecutiveFailures), [1]);
  });

  it('does not count a check the agent could not run, and keeps checking', async () => {
    const probe = setup([healthCheck({ gracePeriodSeconds: 0, intervalSeconds: 1 })]);
    await advance(0);
    await probe.answer(0, { kind: 'not-run', cause: 'spawn /bin/sh EAGAIN' });
    await advance(1_000);
    await probe.answer(0, ok);
    assert.equal(probe.runs.length, 2);
    assert.deepEqual(reports.map((r) => r.healthy), [true]);
  });

  it('sends at most one update per shortest interval, carrying the latest state of every check', async () => {
    const checks = [healthCheck({ gracePeriodSeconds: 0, intervalSeconds: 5 }), healthCheck({ gracePeriodSeconds: 0, intervalSeconds: 5, delaySeconds: 1 })];
    const probe = setup(checks);
    await advance(0);
    await probe.answer(0, bad); // t=0: sent at once
    await advance(1_000);
    await probe.answer(1, bad); // t=1: held until t=5
    assert.equal(reports.length, 1);
    await advance(3_999);
    assert.equal(reports.length, 1);
    await advance(1);
    assert.equal(reports.length, 2);
    assert.deepEqual(reports.map((r) => r.at - reports[0].at), [0, 5_000]);
    assert.deepEqual(reports[1].health.map((h) => h.consecutiveFailures), [1, 1]);
  });

  it('stops: aborts the run in progress, discards its result and reports nothing more', async () => {
    const probe = setup([healthCheck({ gracePeriodSeconds: 0 })]);
    await advance(0);
    checker!.stop();
    assert.equal(probe.runs[0].signal.aborted, true);
    await advance(60_000);
    assert.equal(reports.length, 0);
    assert.equal(probe.runs.length, 1);
    assert.equal(clock.pendingTimers(), 0);
  });

  it('resumes after an agent restart from the recorded state, the grace period counted from the task start', async () => {
    const startedAt = clock.now() - 8_000; // the task started 8 s before this agent
    const probe = setup([healthCheck({ gracePeriodSeconds: 10, intervalSeconds: 1, delaySeconds: 15 })], { runningSince: startedAt, initial: [{ alive: false, consecutiveFailures: 0 }] });
    await advance(0);
    assert.equal(probe.runs.length, 0, 'delaySeconds still counts from the task start');
    await advance(7_000); // 15 s after the start
    await probe.answer(0, bad);
    assert.equal(reports.length, 1, 'the grace period (10 s from the start) is over');
    assert.equal(reports[0].health[0].consecutiveFailures, 1);
  });

  it('resumes counting failures from the state it is given', async () => {
    const initial: HealthCheckReport[] = [{ alive: false, consecutiveFailures: 2, lastFailure: clock.now() - 1_000, lastFailureCause: 'x', firstSuccess: clock.now() - 9_000, lastSuccess: clock.now() - 9_000 }];
    const probe = setup([healthCheck()], { initial });
    await advance(0);
    await probe.answer(0, bad);
    assert.deepEqual(reports.map((r) => r.health[0].consecutiveFailures), [3]);
  });
});
