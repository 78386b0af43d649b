import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { ManualClock } from '../../../../src/core/clock.js';
import type { DcosError } from '../../../../src/core/errors.js';
import { SqliteStateStore } from '../../../../src/runtime/state/sqlite-store.js';
import { FailingStore } from '../../../harness/failing-store.js';
import { marathonHarness } from '../../../harness/marathon-harness.js';

import { BIG as big } from '../../../harness/marathon-harness.js';

async function setup() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino(new Writable({ write(chunk, _e, done) { lines.push(JSON.parse(String(chunk))); done(); } }));
  const clock = new ManualClock();
  const sqlite = new SqliteStateStore(':memory:');
  const store = new FailingStore(sqlite);
  const h = await marathonHarness({ clock, store, log });
  return { ...h, lines, sqlite, store };
}

/** Lets queued microtasks and store promises run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('SchedulerState when the store fails', () => {
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => process.off('unhandledRejection', onUnhandled));

  it('does not make a change the store refuses: DCOS_ERR_STORE naming an error id, and nothing changed', async () => {
    const { apps, store, lines, master, state } = await setup();
    store.failNext = 1;
    const err = await apps.create({ id: 'web', cmd: 'x' }).then(() => undefined, (e: DcosError) => e);
    assert.equal(err?.code, 'DCOS_ERR_STORE');
    assert.equal(err?.status, 503);
    const errorId = /error id ([0-9a-f]{12})/.exec(err!.message)?.[1];
    assert.ok(lines.some((l) => l.errorId === errorId && /SQLITE_FULL/.test(JSON.stringify(l.err))), 'logged with its id and cause');
    assert.deepEqual([...state.apps.keys()], [], 'the app is not there');
    assert.deepEqual([...state.deployments.keys()], [], 'nor its deployment');
    master.offer(big);
    assert.equal(master.launches().length, 0, 'and nothing is launched for it');
    await apps.create({ id: 'web', cmd: 'x' });
    assert.equal(state.apps.size, 1, 'the same change succeeds once the store works');
    await settle();
    assert.deepEqual(unhandled, []);
  });

  it('retries failed bookkeeping writes in order, with backoff, until they are stored, never dropping one', async () => {
    const { apps, store, sqlite, state, clock, master, lines } = await setup();
    await apps.create({ id: 'web', cmd: 'x', instances: 3, cpus: 0.1, mem: 16 });
    store.failNext = 3;
    master.offer(big);
    const launched = master.launches().map((l) => l.taskId);
    for (const id of launched) master.update(id, 'TASK_RUNNING');
    await settle();
    assert.equal(store.failures, 1, 'the first background write failed');
    assert.equal((await sqlite.list('marathon/instances/')).length, 0);
    clock.advance(100);
    await settle();
    clock.advance(200);
    await settle();
    assert.equal(store.failures, 3, 'retried after 100 ms, then after 200 ms');
    clock.advance(400);
    await settle();
    const stored = await sqlite.list<{ taskId: string; state: string }>('marathon/instances/');
    assert.deepEqual(stored.map((e) => e.value.taskId).sort(), [...launched].sort(), 'every instance written');
    assert.ok(stored.every((e) => e.value.state === 'TASK_RUNNING'), 'in their latest state');
    assert.equal(lines.filter((l) => l.msg === 'cannot write the scheduler state; retrying').length, 3);
    await state.flush();
    assert.deepEqual(unhandled, []);
  });
});
