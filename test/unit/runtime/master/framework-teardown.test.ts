import assert from 'node:assert/strict';
import { pino } from 'pino';
import { ManualClock } from '../../../../src/core/clock.js';
import { HierarchicalAllocator } from '../../../../src/runtime/allocator/hierarchical-allocator.js';
import { AgentCommands } from '../../../../src/runtime/master/agent-commands.js';
import { AgentGateway } from '../../../../src/runtime/master/agent-gateway.js';
import { AgentRegistry } from '../../../../src/runtime/master/agent-registry.js';
import { FrameworkManager } from '../../../../src/runtime/master/framework-manager.js';
import { OfferBook } from '../../../../src/runtime/master/offer-book.js';
import { TaskBook } from '../../../../src/runtime/master/task-book.js';
import { SqliteStateStore } from '../../../../src/runtime/state/sqlite-store.js';

const resources = { cpus: 0.1, mem: 8, disk: 0, ports: [] };
const handler = { subscribed: () => undefined, offers: () => undefined, rescind: () => undefined, update: () => undefined };

/** Mesos's /master/teardown, as package uninstall and `dcos service shutdown` use it. */
describe('master: framework teardown', () => {
  let store: SqliteStateStore;
  let allocator: HierarchicalAllocator;
  let commands: AgentCommands;
  let tasks: TaskBook;
  let frameworks: FrameworkManager;
  const clock = new ManualClock();
  const log = pino({ level: 'silent' });

  const compose = async () => {
    const agents = new AgentRegistry({ clock, store, nodeToken: 'n', pingTimeoutMs: 60_000, events: { unreachable: () => undefined } });
    tasks = new TaskBook(store);
    const offers = new OfferBook();
    let fm: FrameworkManager | undefined;
    allocator = new HierarchicalAllocator((fw, agent, res) => fm?.makeOffer(fw, agent, res), { clock });
    commands = new AgentCommands({ clock, log, store, agents });
    fm = frameworks = new FrameworkManager({ clock, store, log, agents, commands, tasks, offers, allocator });
    const gateway = new AgentGateway({ clock, log, masterId: 'm', agents, commands, tasks, frameworks, allocator });
    await Promise.all([agents.load(), tasks.load(), frameworks.load(), commands.load()]);
    return gateway;
  };

  beforeEach(async () => {
    store = new SqliteStateStore(':memory:');
  });
  afterEach(async () => {
    allocator.stop();
    commands.stop();
    await store.close();
  });

  it("kills every task of the framework (durably), removes it, and refuses its id from then on, also after a master restart", async () => {
    const gateway = await compose();
    await gateway.register({ agentId: 'agent-1', hostname: '127.0.102.30', port: 1, version: 't', attributes: {}, resources: { cpus: 1, mem: 128, disk: 0, ports: [] }, tasks: [] });
    const calls = frameworks.subscribe({ name: 'spark', role: '*' }, handler);
    const other = frameworks.subscribe({ name: 'other', role: '*' }, handler);
    await tasks.add([
      { taskId: 'driver.1', frameworkId: calls.frameworkId, agentId: 'agent-1', name: 'driver', state: 'TASK_RUNNING', resources, statuses: [], launchedAt: 0 },
      { taskId: 'keep.1', frameworkId: other.frameworkId, agentId: 'agent-1', name: 'keep', state: 'TASK_RUNNING', resources, statuses: [], launchedAt: 0 },
    ]);
    await frameworks.teardown(calls.frameworkId);
    assert.deepEqual(frameworks.frameworks().map((f) => f.name), ['other']);
    assert.ok(commands.pendingKill('driver.1'), 'a durable kill of its task');
    assert.equal(commands.pendingKill('keep.1'), undefined, "another framework's task is left alone");
    assert.throws(() => frameworks.subscribe({ id: calls.frameworkId, name: 'spark', role: '*' }, handler), /has been removed/);

    allocator.stop();
    commands.stop();
    await compose();
    assert.throws(() => frameworks.subscribe({ id: calls.frameworkId, name: 'spark', role: '*' }, handler), /has been removed/);
    await assert.rejects(frameworks.teardown('no-such-framework'), /No framework with id no-such-framework/);
  });
});
