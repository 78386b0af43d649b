import assert from 'node:assert/strict';
import { plainLine, progressMode, runSteps, type ProgressStep } from '../../../src/cli/progress.js';

describe('progress of long work', () => {
  /** A clock that moves 250 ms per reading. */
  const clock = () => {
    let t = Date.parse('2025-01-02T03:04:05.000Z');
    return () => new Date((t += 250) - 250);
  };
  const capture = () => {
    const lines: string[] = [];
    return { lines, out: { write: (s: string) => lines.push(...s.split('\n').filter(Boolean)) } };
  };
  const steps: ProgressStep<{ log: string[] }>[] = [
    { title: 'Starting the master', run: async (ctx, report) => { ctx.log.push('a'); report('127.0.1.1:5050, pid 42'); } },
    { title: 'Waiting for 2 agents to register', run: async (ctx) => { ctx.log.push('b'); } },
  ];

  it('prints timestamped plain lines off a TTY: started, messages, done with the time taken', async () => {
    const { lines, out } = capture();
    const ctx = { log: [] as string[] };
    await runSteps(steps, ctx, { mode: 'plain', out, now: clock() });
    assert.deepEqual(ctx.log, ['a', 'b']);
    assert.deepEqual(lines, [
      '2025-01-02T03:04:05.000Z [1/2] Starting the master ...',
      '2025-01-02T03:04:05.250Z [1/2] Starting the master: 127.0.1.1:5050, pid 42',
      '2025-01-02T03:04:05.500Z [1/2] Starting the master: done (0.5s)',
      '2025-01-02T03:04:05.750Z [2/2] Waiting for 2 agents to register ...',
      '2025-01-02T03:04:06.000Z [2/2] Waiting for 2 agents to register: done (0.3s)',
    ]);
  });

  it('emits one JSON event per line with --json', async () => {
    const { lines, out } = capture();
    await runSteps(steps, { log: [] }, { mode: 'json', out, now: clock() });
    const events = lines.map((l) => JSON.parse(l));
    assert.deepEqual(events.map((e) => `${e.step}/${e.of} ${e.status}`), ['1/2 started', '1/2 progress', '1/2 done', '2/2 started', '2/2 done']);
    assert.deepEqual(events[1], { time: '2025-01-02T03:04:05.250Z', event: 'step', step: 1, of: 2, title: 'Starting the master', status: 'progress', message: '127.0.1.1:5050, pid 42' });
    assert.equal(events[2].elapsedMs, 500);
    assert.equal(events[4].elapsedMs, 250);
  });

  it('reports a failed step and stops there, rethrowing its error', async () => {
    const { lines, out } = capture();
    const failing: ProgressStep<object>[] = [
      { title: 'Starting the master', run: async () => { throw new Error('master exited with code 3\nlog tail'); } },
      { title: 'never', run: async () => assert.fail('ran a step after a failure') },
    ];
    await assert.rejects(runSteps(failing, {}, { mode: 'json', out, now: clock() }), /code 3/);
    const last = JSON.parse(lines[lines.length - 1]);
    assert.equal(last.status, 'failed');
    assert.equal(last.message, 'master exited with code 3', 'first line only');
    assert.equal(plainLine(last), `${last.time} [1/2] Starting the master: FAILED: master exited with code 3`);
  });

  it('uses listr2 only on a terminal, plain lines otherwise, NDJSON with --json', () => {
    const ci = process.env.CI;
    delete process.env.CI;
    try {
      assert.equal(progressMode({ json: true, isTTY: true }), 'json');
      assert.equal(progressMode({ json: false, isTTY: false }), 'plain');
      assert.equal(progressMode({ json: false, isTTY: true }), process.env.TERM === 'dumb' ? 'plain' : 'tty');
    } finally {
      if (ci !== undefined) process.env.CI = ci;
    }
  });
});
