import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { ManualClock } from '../../../../src/core/clock.js';
import { exitOutcome } from '../../../../src/runtime/agent/exit-outcome.js';
import {
  FIRST_SIMULATED_PID, SIMULATED_ENV, SIMULATED_START_TIME, SimulatedDriver, type SimulatedDriverOptions,
} from '../../../../src/runtime/agent/simulated-driver.js';
import type { LaunchSpec, TaskExit } from '../../../../src/runtime/agent/task-driver.js';

describe('SimulatedDriver', () => {
  let clock: ManualClock;
  const spec = (env: Record<string, string> = {}): LaunchSpec => ({ sandbox: '/nonexistent/sandbox', argv: ['sleep', '3600'], env });
  const driver = (opts: Omit<SimulatedDriverOptions, 'clock'> = {}) => new SimulatedDriver({ clock, ...opts });
  const exits = () => {
    const seen: TaskExit[] = [];
    return { seen, onExit: (e: TaskExit) => seen.push(e) };
  };

  beforeEach(() => {
    clock = new ManualClock();
  });

  it('runs a launched task at once, as a pid no real process can have', async () => {
    const d = driver();
    const e = exits();
    const proc = await d.launch(spec(), e.onExit);
    assert.ok(proc.pid >= FIRST_SIMULATED_PID, `pid ${proc.pid} must lie above Linux's PID_MAX_LIMIT`);
    assert.equal(proc.startTime, SIMULATED_START_TIME);
    assert.equal(existsSync(`/proc/${proc.pid}`), false);
    assert.ok(d.isAlive(proc));
    assert.equal(d.running, 1);
    clock.advance(24 * 3600_000);
    assert.deepEqual(e.seen, [], 'a task ends only when signalled or told to end');
  });

  it('gives every task its own pid', async () => {
    const d = driver();
    const pids = await Promise.all([1, 2, 3].map(() => d.launch(spec(), () => undefined).then((p) => p.pid)));
    assert.equal(new Set(pids).size, 3);
  });

  it('resolves a launch only after the configured start delay', async () => {
    const d = driver({ startDelayMs: 200 });
    let launched = false;
    const launching = d.launch(spec(), () => undefined).then(() => { launched = true; });
    clock.advance(199);
    await Promise.resolve();
    assert.equal(launched, false);
    clock.advance(1);
    await launching;
    assert.equal(launched, true);
  });

  describe('ends a task', () => {
    const cases: Array<{ name: string; opts?: Omit<SimulatedDriverOptions, 'clock'>; env?: Record<string, string>; act?: 'SIGTERM' | 'SIGKILL' | 'SIGINT'; afterMs: number; exit: TaskExit }> = [
      { name: 'on SIGTERM, after the term delay, with status 143', opts: { termDelayMs: 500 }, act: 'SIGTERM', afterMs: 500, exit: { exitStatus: 143 } },
      { name: 'on SIGTERM at once without a term delay', act: 'SIGTERM', afterMs: 0, exit: { exitStatus: 143 } },
      { name: 'on any other signal as on SIGTERM, with 128 + its number', opts: { termDelayMs: 10 }, act: 'SIGINT', afterMs: 10, exit: { exitStatus: 130 } },
      { name: 'on SIGKILL at once, without a status, whatever the term delay', opts: { termDelayMs: 500 }, act: 'SIGKILL', afterMs: 0, exit: { leaderSignal: 'SIGKILL' } },
      { name: 'by itself after exitAfterMs, failing with status 1', opts: { exitAfterMs: 1000 }, afterMs: 1000, exit: { exitStatus: 1 } },
      { name: 'by itself with the configured exit status', opts: { exitAfterMs: 50, exitStatus: 0 }, afterMs: 50, exit: { exitStatus: 0 } },
      { name: 'when its own environment says when and how', opts: { exitAfterMs: 5 }, env: { [SIMULATED_ENV.exitAfterMs]: '300', [SIMULATED_ENV.exitStatus]: '3' }, afterMs: 300, exit: { exitStatus: 3 } },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const d = driver(c.opts);
        const e = exits();
        const proc = await d.launch(spec(c.env), e.onExit);
        if (c.act) assert.equal(d.signal(proc, c.act), true);
        if (c.afterMs > 0) {
          clock.advance(c.afterMs - 1);
          assert.deepEqual(e.seen, [], 'not before its time');
        }
        clock.advance(1);
        assert.deepEqual(e.seen, [c.exit]);
        assert.equal(d.isAlive(proc), false);
        assert.equal(d.signal(proc, 'SIGKILL'), false, 'an ended task is no longer there to signal');
      });
    }
  });

  it('reports one end per task: a SIGKILL during the term delay ends it at once, and nothing follows', async () => {
    const d = driver({ termDelayMs: 1000 });
    const e = exits();
    const proc = await d.launch(spec(), e.onExit);
    d.signal(proc, 'SIGTERM');
    clock.advance(100);
    d.signal(proc, 'SIGKILL');
    clock.advance(5000);
    assert.deepEqual(e.seen, [{ leaderSignal: 'SIGKILL' }]);
  });

  it('keeps the first SIGTERM\'s deadline when SIGTERM comes again, as a task handling it would', async () => {
    const d = driver({ termDelayMs: 1000 });
    const e = exits();
    const proc = await d.launch(spec(), e.onExit);
    d.signal(proc, 'SIGTERM');
    clock.advance(600);
    d.signal(proc, 'SIGTERM');
    clock.advance(400);
    assert.deepEqual(e.seen, [{ exitStatus: 143 }]);
  });

  it('refuses a launch whose simulation variables are not numbers, naming the variable', async () => {
    await assert.rejects(driver().launch(spec({ [SIMULATED_ENV.exitAfterMs]: 'soon' }), () => undefined), /DCOS_SIMULATED_EXIT_AFTER_MS must be an integer from 0 to \d+, got "soon"/);
    await assert.rejects(driver().launch(spec({ [SIMULATED_ENV.exitStatus]: '256' }), () => undefined), /DCOS_SIMULATED_EXIT_STATUS must be an integer from 0 to 255, got "256"/);
  });

  it('finds nothing of an earlier agent\'s tasks: watching one reports it ended, without a status', async () => {
    const e = exits();
    assert.equal(driver().watch({ pid: FIRST_SIMULATED_PID, startTime: SIMULATED_START_TIME }, '/nonexistent', e.onExit), false);
    assert.deepEqual(e.seen, [{}]);
    assert.equal(exitOutcome(e.seen[0], false).state, 'TASK_LOST', 'so the scheduler replaces it');
  });

  it('keeps watching a task it runs itself, reporting its end to the new listener', async () => {
    const d = driver();
    const first = exits();
    const second = exits();
    const proc = await d.launch(spec(), first.onExit);
    assert.equal(d.watch(proc, '/nonexistent', second.onExit), true);
    d.signal(proc, 'SIGKILL');
    assert.deepEqual(first.seen, []);
    assert.deepEqual(second.seen, [{ leaderSignal: 'SIGKILL' }]);
  });

  it('ends its tasks silently when stopped, and launches nothing after', async () => {
    const d = driver({ exitAfterMs: 100 });
    const e = exits();
    const proc = await d.launch(spec(), e.onExit);
    d.stop();
    clock.advance(1000);
    assert.deepEqual(e.seen, []);
    assert.equal(d.isAlive(proc), false);
    await assert.rejects(d.launch(spec(), () => undefined), /stopped/);
  });
});
