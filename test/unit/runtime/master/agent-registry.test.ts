import assert from 'node:assert/strict';
import { ManualClock } from '../../../../src/core/clock.js';
import type { RegisterAgentRequest } from '../../../../src/api/master-types.js';
import { AgentRegistry, type AgentRecord } from '../../../../src/runtime/master/agent-registry.js';
import { SqliteStateStore } from '../../../../src/runtime/state/sqlite-store.js';

const registration = (agentId: string): RegisterAgentRequest => ({
  agentId, hostname: '127.0.9.2', port: 5051, version: 'test', attributes: {}, tasks: [],
  resources: { cpus: 2, mem: 1024, disk: 100, ports: [[31000, 31010]] },
});

function setup(store = new SqliteStateStore(':memory:')) {
  const clock = new ManualClock();
  const lost: AgentRecord[] = [];
  const registry = new AgentRegistry({ clock, store, nodeToken: 'n', pingTimeoutMs: 1000, events: { unreachable: (a) => lost.push(a) } });
  return { clock, store, registry, lost };
}

describe('AgentRegistry', () => {
  it('asks agents to heartbeat three times per timeout', () => {
    assert.equal(setup().registry.heartbeatIntervalMs(), 333);
  });

  it('keeps an agent reachable while it heartbeats', async () => {
    const { clock, registry, lost } = setup();
    await registry.register(registration('a1'));
    registry.startMonitor((err) => { throw err; });
    for (let i = 0; i < 10; i++) {
      clock.advance(400);
      assert.equal(registry.heartbeat('a1'), true);
    }
    await registry.checkTimeouts();
    assert.deepEqual(lost, []);
  });

  it('marks an agent unreachable once it is silent for longer than the timeout, and refuses its heartbeats', async () => {
    const { clock, registry, lost } = setup();
    await registry.register(registration('a1'));
    clock.advance(999);
    await registry.checkTimeouts();
    assert.equal(lost.length, 0);
    clock.advance(2);
    await registry.checkTimeouts();
    assert.deepEqual(lost.map((a) => a.id), ['a1']);
    assert.equal(registry.get('a1')?.status, 'UNREACHABLE');
    assert.equal(registry.heartbeat('a1'), false, 'it must register again');
  });

  it('makes an unreachable agent reachable again when it re-registers', async () => {
    const { clock, registry } = setup();
    await registry.register(registration('a1'));
    clock.advance(5000);
    await registry.checkTimeouts();
    const { known } = await registry.register(registration('a1'));
    assert.equal(known, true);
    assert.equal(registry.get('a1')?.status, 'REACHABLE');
  });

  it('remembers agents across a restart and gives each a fresh timeout to check in', async () => {
    const store = new SqliteStateStore(':memory:');
    const first = setup(store);
    await first.registry.register(registration('a1'));
    const second = setup(store);
    second.clock.advance(60_000);
    await second.registry.load();
    assert.equal(second.registry.get('a1')?.hostname, '127.0.9.2');
    second.clock.advance(999);
    await second.registry.checkTimeouts();
    assert.equal(second.lost.length, 0);
  });

  it('answers the first heartbeat after a master restart with "register again", so the agent reports every task it runs', async () => {
    const store = new SqliteStateStore(':memory:');
    const first = setup(store);
    await first.registry.register(registration('a1'));
    assert.equal(first.registry.heartbeat('a1'), true);
    const second = setup(store);
    await second.registry.load();
    assert.equal(second.registry.heartbeat('a1'), false, 'known, but not registered with this master process');
    await second.registry.register(registration('a1'));
    assert.equal(second.registry.heartbeat('a1'), true);
  });
});
