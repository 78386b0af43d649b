import assert from 'node:assert/strict';
import type { MarathonApp, QueueItem } from '../../../src/api/marathon-types.js';
import { appProgressLine, appReady, followAppStart, waitForApp, type AppSnapshot } from '../../../src/cli/app-wait.js';
import { isDcosError } from '../../../src/cli/errors.js';
import { DcosError, ErrorCodes } from '../../../src/core/errors.js';

const app = (over: Partial<MarathonApp> = {}): MarathonApp =>
  ({ id: '/kafka', instances: 1, tasksRunning: 0, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [{ id: 'd1' }], healthChecks: [{}], ...over }) as unknown as MarathonApp;
const waiting = (reason: string) => ({ app: { id: '/kafka' }, count: 1, waitingReason: reason }) as unknown as QueueItem;

/** Time that moves only when the code under test sleeps. */
function manualTime() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), elapsed: () => t };
}

describe('waiting for a package app', () => {
  it('is ready when every instance runs, is healthy (with health checks) and no deployment works on it', () => {
    assert.equal(appReady({ app: app({ tasksRunning: 1, tasksHealthy: 0, deployments: [] }) }), false);
    assert.equal(appReady({ app: app({ tasksRunning: 1, tasksHealthy: 1, deployments: [{ id: 'd' }] }) }), false);
    assert.equal(appReady({ app: app({ tasksRunning: 1, tasksHealthy: 1, deployments: [] }) }), true);
    assert.equal(appReady({ app: app({ tasksRunning: 1, healthChecks: [], deployments: [] }) }), true);
  });

  it('tells progress in one line, with why it waits from /v2/queue', () => {
    assert.equal(appProgressLine({ app: app(), queued: waiting('1 agent: insufficient mem (needs 2048, largest free 1024)') }), '/kafka: 0/1 running, 0 healthy; waiting: 1 agent: insufficient mem (needs 2048, largest free 1024)');
    assert.equal(appProgressLine({ app: app({ tasksRunning: 1, tasksUnhealthy: 1 }) }), '/kafka: 1/1 running, 0 healthy, 1 unhealthy; deploying');
  });

  it('polls until ready, telling each change once: quick looks first (50, 100, 200 ms), then every intervalMs', async () => {
    const snapshots: AppSnapshot[] = [
      { app: app(), queued: waiting('no offers yet') },
      { app: app(), queued: waiting('no offers yet') },
      { app: app({ tasksRunning: 1 }) },
      { app: app({ tasksRunning: 1, tasksHealthy: 1, deployments: [] }) },
    ];
    const time = manualTime();
    const lines: string[] = [];
    const s = await waitForApp({ fetch: async () => snapshots.shift()!, timeoutMs: 60_000, intervalMs: 1_000, ...time, onProgress: (l) => lines.push(l) });
    assert.equal(s.app.tasksHealthy, 1);
    assert.deepEqual(lines, ['/kafka: 0/1 running, 0 healthy; waiting: no offers yet', '/kafka: 1/1 running, 0 healthy; deploying', '/kafka: 1/1 running, 1 healthy']);
    assert.equal(time.elapsed(), 50 + 100 + 200);
  });

  it('waits through a master that does not answer for a while (its supervisor restarts it), and says so once', async () => {
    const down = new DcosError(ErrorCodes.UNREACHABLE, 'cannot reach http://127.0.0.1:5050/v2/apps/kafka: ECONNREFUSED');
    const answers: Array<AppSnapshot | Error> = [down, down, { app: app({ tasksRunning: 1, tasksHealthy: 1, deployments: [] }) }];
    const lines: string[] = [];
    const s = await waitForApp({
      fetch: async () => { const a = answers.shift()!; if (a instanceof Error) throw a; return a; },
      timeoutMs: 60_000, intervalMs: 1_000, ...manualTime(), onProgress: (l) => lines.push(l),
    });
    assert.equal(s.app.tasksHealthy, 1);
    assert.deepEqual(lines, [`the master does not answer (${down.message}); asking again`, '/kafka: 1/1 running, 1 healthy']);
  });

  it('gives up at the timeout with a TIMEOUT error that says why the app waits', async () => {
    const time = manualTime();
    await assert.rejects(
      waitForApp({ fetch: async () => ({ app: app(), queued: waiting('no agent has role kafka') }), timeoutMs: 5_000, intervalMs: 2_000, ...time, onProgress: () => undefined }),
      (err: unknown) => isDcosError(err, ErrorCodes.TIMEOUT) && (err as Error).message === 'gave up waiting after 5s: /kafka: 0/1 running, 0 healthy; waiting: no agent has role kafka',
    );
    assert.equal(time.elapsed(), 5_000);
  });

  it('without --wait, says why the app waits when it has not started within the grace time, and does not fail', async () => {
    const time = manualTime();
    const notes: string[] = [];
    const marathon = { getApp: async () => app(), queue: async () => [waiting('no agent has 4 cpus')] };
    await followAppStart(marathon, '/kafka', { wait: false, timeoutMs: 1, graceMs: 2_000, note: (l) => notes.push(l), ...time });
    assert.deepEqual(notes, ['Not running yet: /kafka: 0/1 running, 0 healthy; waiting: no agent has 4 cpus (--wait waits for it; `dcos marathon debug summary /kafka` tells more)']);
  });

  it('without --wait, says nothing once the app runs', async () => {
    const notes: string[] = [];
    const marathon = { getApp: async () => app({ tasksRunning: 1 }), queue: async () => [] };
    await followAppStart(marathon, '/kafka', { wait: false, timeoutMs: 1, note: (l) => notes.push(l), ...manualTime() });
    assert.deepEqual(notes, []);
  });
});
