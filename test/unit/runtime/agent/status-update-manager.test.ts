import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { systemClock } from '../../../../src/core/clock.js';
import type { TaskStatus } from '../../../../src/core/framework.js';
import type { TaskState } from '../../../../src/core/task-state.js';
import { AgentProtocolClient } from '../../../../src/api/master-client.js';
import { Backoff } from '../../../../src/core/backoff.js';
import { BatchedWriter } from '../../../../src/runtime/agent/batched-writer.js';
import { StatusUpdateManager } from '../../../../src/runtime/agent/status-update-manager.js';
import { SqliteStateStore } from '../../../../src/runtime/state/sqlite-store.js';
import { FakeMaster, NODE_TOKEN, silentLogger, tempDir, waitFor } from './helpers.js';

function status(taskId: string, state: TaskState): TaskStatus {
  return { taskId, frameworkId: 'fw', agentId: 'a-S0', state, timestamp: Date.now() / 1000, source: 'SOURCE_EXECUTOR', uuid: randomUUID() };
}

describe('StatusUpdateManager', () => {
  let dir: string;
  let master: FakeMaster;
  let stores: SqliteStateStore[];
  let managers: StatusUpdateManager[];

  const manager = (acked: TaskStatus[] = []) => {
    const store = new SqliteStateStore(join(dir, 'agent.db'));
    stores.push(store);
    const writer = new BatchedWriter(store, (err) => { throw err; });
    const client = new AgentProtocolClient({ baseUrl: master.url, token: NODE_TOKEN });
    const m = new StatusUpdateManager({
      store, writer, clock: systemClock, logger: silentLogger,
      send: async (updates) => (await client.sendUpdates('a-S0', { updates })).acknowledged,
      backoff: new Backoff(10, 40, () => 0.5),
      onAcknowledged: (s) => acked.push(...s),
    });
    managers.push(m);
    return { m, writer, store };
  };

  beforeEach(async () => {
    dir = tempDir();
    stores = [];
    managers = [];
    master = await new FakeMaster('127.0.50.1').start();
  });
  afterEach(async () => {
    for (const m of managers) m.stop();
    await master.stop();
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds updates until the agent is registered', async () => {
    const { m } = manager();
    m.enqueue(status('t1', 'TASK_RUNNING'));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(master.updatePosts.length, 0);
    m.setConnected(true);
    await waitFor('delivery', () => master.received.length === 1);
  });

  it('retries updates until the master acknowledges them', async () => {
    const acked: TaskStatus[] = [];
    const { m } = manager(acked);
    master.failUpdatePosts = 3;
    m.setConnected(true);
    const update = status('t1', 'TASK_FINISHED');
    m.enqueue(update);
    await waitFor('acknowledgement', () => acked.length === 1);
    assert.equal(master.updatePosts.length, 4);
    assert.ok(master.updatePosts.every((post) => post[0].uuid === update.uuid), 'the same update is sent again, not a new one');
    assert.equal(m.hasPending('t1'), false);
  });

  it('sends a task\'s next update only once its previous one is acknowledged, so the master sees them in order', async () => {
    const { m } = manager();
    let refusals = 2;
    master.ack = (u) => !(u.taskId === 't1' && u.state === 'TASK_RUNNING' && refusals-- > 0);
    m.setConnected(true);
    m.enqueue(status('t1', 'TASK_RUNNING'));
    m.enqueue(status('t1', 'TASK_FINISHED'));
    m.enqueue(status('t2', 'TASK_RUNNING'));
    await waitFor('all acknowledged', () => m.pending().length === 0);
    assert.deepEqual(master.statesOf('t1'), ['TASK_RUNNING', 'TASK_FINISHED']);
    assert.ok(master.updatePosts.every((post) => post.filter((u) => u.taskId === 't1').length <= 1));
    assert.deepEqual(master.updatePosts.map((post) => post.map((u) => `${u.taskId}:${u.state}`)), [
      ['t1:TASK_RUNNING', 't2:TASK_RUNNING'],
      ['t1:TASK_RUNNING'],
      ['t1:TASK_RUNNING'],
      ['t1:TASK_FINISHED'],
    ]);
  });

  it('sends the updates produced together in one request', async () => {
    const { m } = manager();
    m.setConnected(true);
    for (let i = 0; i < 50; i++) m.enqueue(status(`t${i}`, 'TASK_RUNNING'));
    await waitFor('delivery', () => master.received.length === 50);
    assert.equal(master.updatePosts.length, 1);
  });

  it('stores unacknowledged updates, so that a restarted agent still delivers them', async () => {
    const first = manager();
    const update = status('t1', 'TASK_FAILED');
    first.m.enqueue(update);
    await first.writer.flush();
    first.m.stop();

    const second = manager();
    await second.m.load();
    assert.deepEqual(second.m.pending().map((u) => u.uuid), [update.uuid]);
    second.m.setConnected(true);
    await waitFor('delivery', () => master.received.length === 1);
    await second.writer.flush();
    assert.deepEqual(await second.store.list('updates/'), []);
  });

  it('keeps one supersedable (health) update per task while the master is away: the newest, never jumping over another update', async () => {
    const { m, writer, store } = manager();
    const health = (n: number) => ({ ...status('t1', 'TASK_RUNNING'), message: `health ${n}` });
    m.enqueue(status('t1', 'TASK_RUNNING'));
    for (const n of [1, 2, 3]) m.enqueue(health(n), [], { supersedable: true });
    m.enqueue(status('t1', 'TASK_KILLING'));
    m.enqueue(health(4), [], { supersedable: true });
    m.enqueue(status('t2', 'TASK_RUNNING'));
    m.enqueue(health(5), [], { supersedable: true });
    assert.deepEqual(m.pending().map((u) => `${u.taskId}:${u.message ?? u.state}`), ['t1:TASK_RUNNING', 't1:health 3', 't1:TASK_KILLING', 't2:TASK_RUNNING', 't1:health 5']);
    await writer.flush();
    assert.equal((await store.list('updates/')).length, 5, 'replaced updates leave the store too');
    m.setConnected(true);
    await waitFor('all delivered', () => m.pending().length === 0);
    assert.deepEqual(master.received.filter((u) => u.taskId === 't1').map((u) => u.message ?? u.state), ['TASK_RUNNING', 'health 3', 'TASK_KILLING', 'health 5']);
  });

  it('never supersedes an update that is being sent', async () => {
    const store = new SqliteStateStore(join(dir, 'agent.db'));
    stores.push(store);
    const writer = new BatchedWriter(store, (err) => { throw err; });
    const sent: TaskStatus[][] = [];
    let release = (): void => undefined;
    const m = new StatusUpdateManager({
      store, writer, clock: systemClock, logger: silentLogger,
      send: (updates) => new Promise((resolve) => { sent.push(updates); release = () => resolve(updates.map((u) => u.uuid!)); }),
    });
    managers.push(m);
    m.setConnected(true);
    const first = { ...status('t1', 'TASK_RUNNING'), message: 'health 1' };
    m.enqueue(first, [], { supersedable: true });
    await waitFor('in flight', () => sent.length === 1);
    m.enqueue({ ...status('t1', 'TASK_RUNNING'), message: 'health 2' }, [], { supersedable: true });
    assert.deepEqual(m.pending().map((u) => u.message), ['health 1', 'health 2']);
    release();
    await waitFor('the second sent', () => sent.length === 2);
    assert.deepEqual(sent.map((batch) => batch.map((u) => u.message)), [['health 1'], ['health 2']]);
    release();
  });
});
