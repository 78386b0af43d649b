import assert from 'node:assert/strict';
import { pino } from 'pino';
import { ManualClock } from '../../../../src/core/clock.js';
import { AgentCommands } from '../../../../src/runtime/master/agent-commands.js';
import { AgentRegistry } from '../../../../src/runtime/master/agent-registry.js';
import { SqliteStateStore } from '../../../../src/runtime/state/sqlite-store.js';
import type { StateStore } from '../../../../src/runtime/state/state-store.js';
import { eventually } from '../../../harness/proc.js';
import { FailingStore } from '../../../harness/failing-store.js';
import { RecordingAgent } from '../../../harness/recording-agent.js';

const NODE_TOKEN = 'node-secret';

/** A master's agent registry and commands over `store`, with one registered agent. */
async function masterWith(store: StateStore, agent: RecordingAgent) {
  const clock = new ManualClock();
  const agents = new AgentRegistry({ clock, store, nodeToken: NODE_TOKEN, pingTimeoutMs: 60_000, events: { unreachable: () => undefined } });
  await agents.load();
  await agents.register({
    agentId: 'a1', hostname: agent.host, port: agent.port, version: 't', attributes: {}, tasks: [],
    resources: { cpus: 1, mem: 1, disk: 1, ports: [] },
  });
  const commands = new AgentCommands({ clock, log: pino({ level: 'silent' }), store, agents, firstResendMs: 1_000, maxResendMs: 8_000 });
  await commands.load();
  return { clock, agents, commands };
}

describe('AgentCommands: decided kills are durable', () => {
  let agent: RecordingAgent;
  beforeEach(async () => { agent = await new RecordingAgent('127.0.82.2', NODE_TOKEN).start(); });
  afterEach(() => agent.stop());

  it('stores a kill before sending it, so a restarted master sends it again', async () => {
    const store = new SqliteStateStore(':memory:');
    const first = await masterWith(store, agent);
    await first.commands.kill({ taskId: 't1', frameworkId: 'fw', agentId: 'a1', gracePeriodSeconds: 7 });
    assert.deepEqual((await store.list('master/kills/')).map((e) => e.key), ['master/kills/t1'], 'stored when kill() resolves');
    await eventually(() => agent.killsOf('t1') === 1, 2_000, 'the first send');
    first.commands.stop();

    const restarted = await masterWith(store, agent);
    agent.kills.length = 0;
    restarted.commands.start();
    await eventually(() => agent.killsOf('t1') === 1, 2_000, 'the kill sent again after the restart');
    assert.deepEqual(agent.kills[0], { taskId: 't1', frameworkId: 'fw', gracePeriodSeconds: 7 });
    restarted.commands.stop();
  });

  it('sends a kill again, with growing pauses, until the task is settled', async () => {
    const { clock, commands } = await masterWith(new SqliteStateStore(':memory:'), agent);
    agent.failNext = 2;
    await commands.kill({ taskId: 't1', frameworkId: 'fw', agentId: 'a1' });
    await eventually(() => agent.killsOf('t1') === 1, 2_000, 'the first send');
    for (const [advance, expected] of [[999, 1], [1, 2], [1_999, 2], [1, 3], [4_000, 4], [8_000, 5], [8_000, 6]] as const) {
      clock.advance(advance);
      await eventually(() => agent.killsOf('t1') === expected, 2_000, `send #${expected}`);
    }
    await commands.settled(['t1']);
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(agent.killsOf('t1'), 6, 'nothing more once the task is settled');
    assert.deepEqual(commands.pendingKills(), []);
    commands.stop();
  });

  it('holds a kill for an unreachable agent and sends it when the agent registers again', async () => {
    const store = new SqliteStateStore(':memory:');
    const { agents, commands, clock } = await masterWith(store, agent);
    agents.get('a1')!.status = 'UNREACHABLE';
    await commands.kill({ taskId: 't1', frameworkId: 'fw', agentId: 'a1' });
    clock.advance(60_000);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(agent.killsOf('t1'), 0, 'nothing is sent to an unreachable agent');
    await agents.register({ agentId: 'a1', hostname: agent.host, port: agent.port, version: 't', attributes: {}, tasks: [], resources: { cpus: 1, mem: 1, disk: 1, ports: [] } });
    commands.agentRegistered('a1');
    await eventually(() => agent.killsOf('t1') === 1, 2_000, 'the kill sent on registration');
    commands.stop();
  });

  it('knows which launches are still on their way to the agent', async () => {
    const { commands } = await masterWith(new SqliteStateStore(':memory:'), agent);
    const launching = commands.launch('a1', 'fw', [{ taskId: 't9', name: 't', command: { shell: true, value: 'x' }, resources: { cpus: 1, mem: 1, disk: 0, ports: [] }, env: {} }]);
    assert.equal(commands.isLaunchInFlight('t9'), true);
    await launching;
    assert.equal(commands.isLaunchInFlight('t9'), false);
    commands.stop();
  });

  it('sends the kills decided together to an agent in one request, and one by one to an agent without the batch form', async () => {
    const batching = await new RecordingAgent('127.0.82.3', NODE_TOKEN, { batchKills: true }).start();
    try {
      for (const target of [batching, agent]) {
        const { commands } = await masterWith(new SqliteStateStore(':memory:'), target);
        await Promise.all(Array.from({ length: 50 }, (_, k) => commands.kill({ taskId: `t${k}`, frameworkId: 'fw', agentId: 'a1' })));
        await eventually(() => target.kills.length === 50, 2_000, 'all 50 kills to arrive');
        commands.stop();
      }
      assert.deepEqual(batching.killBatches, [50], 'one request of 50');
      assert.equal(agent.kills.length, 50, 'the older agent got them all, one by one');
    } finally {
      await batching.stop();
    }
  });

  it('keeps a kill the store refused, stores it on a retry and only then sends it', async () => {
    const store = new FailingStore(new SqliteStateStore(':memory:'));
    const { commands, clock } = await masterWith(store, agent);
    store.failNext = 1;
    await assert.rejects(commands.kill({ taskId: 'k1', frameworkId: 'fw', agentId: 'a1' }), /SQLITE_FULL/);
    assert.equal(commands.hasPendingKill('k1'), true, 'still decided');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(agent.killsOf('k1'), 0, 'not sent before it is stored');
    clock.advance(100);
    await eventually(() => agent.killsOf('k1') === 1, 2_000, 'the kill, stored on the retry, then sent');
    assert.deepEqual((await store.list('master/kills/')).map((e) => e.key), ['master/kills/k1']);
    commands.stop();
  });
});
