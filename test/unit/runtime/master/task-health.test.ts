import assert from 'node:assert/strict';
import { pino } from 'pino';
import { ManualClock } from '../../../../src/core/clock.js';
import type { HealthCheckReport, TaskStatus } from '../../../../src/core/framework.js';
import type { AgentTaskReport } from '../../../../src/api/master-types.js';
import { HierarchicalAllocator } from '../../../../src/runtime/allocator/hierarchical-allocator.js';
import { AgentCommands } from '../../../../src/runtime/master/agent-commands.js';
import { AgentGateway } from '../../../../src/runtime/master/agent-gateway.js';
import { AgentRegistry } from '../../../../src/runtime/master/agent-registry.js';
import { FrameworkManager } from '../../../../src/runtime/master/framework-manager.js';
import { OfferBook } from '../../../../src/runtime/master/offer-book.js';
import { TaskBook } from '../../../../src/runtime/master/task-book.js';
import { SqliteStateStore } from '../../../../src/runtime/state/sqlite-store.js';

const REASON = 'REASON_TASK_HEALTH_CHECK_STATUS_UPDATED';
const resources = { cpus: 0.1, mem: 8, disk: 0, ports: [] };

/**
 * The master passes the health agents report on: it keeps each task's last health (for
 * /master/state and reconciliation), learns it again from re-registrations, and bounds
 * the per-task status history that health updates would otherwise grow forever.
 */
describe('master: task health', () => {
  let store: SqliteStateStore;
  let allocator: HierarchicalAllocator;
  let commands: AgentCommands;
  let tasks: TaskBook;
  let gateway: AgentGateway;
  let received: TaskStatus[];
  let calls: ReturnType<FrameworkManager['subscribe']>;
  let agentId: string;

  const health = (consecutiveFailures: number): HealthCheckReport[] => [{ alive: consecutiveFailures === 0, consecutiveFailures, lastSuccess: 1_000 }];
  const update = (n: number, healthy?: boolean): TaskStatus => ({
    taskId: 'web.1', frameworkId: calls.frameworkId, agentId, state: 'TASK_RUNNING', timestamp: n, source: 'SOURCE_EXECUTOR', uuid: `u${n}`,
    ...(healthy === undefined ? {} : { healthy, health: health(healthy ? 0 : 1), reason: REASON }),
  });
  const register = (reports: AgentTaskReport[]) => gateway.register({
    agentId, hostname: '127.0.102.20', port: 1, version: 't', attributes: {}, resources: { cpus: 1, mem: 128, disk: 0, ports: [] }, tasks: reports,
  });

  beforeEach(async () => {
    const clock = new ManualClock();
    const log = pino({ level: 'silent' });
    store = new SqliteStateStore(':memory:');
    const agents = new AgentRegistry({ clock, store, nodeToken: 'n', pingTimeoutMs: 60_000, events: { unreachable: () => undefined } });
    tasks = new TaskBook(store);
    const offers = new OfferBook();
    let frameworks: FrameworkManager | undefined;
    allocator = new HierarchicalAllocator((fw, agent, res) => frameworks?.makeOffer(fw, agent, res), { clock });
    commands = new AgentCommands({ clock, log, store, agents });
    frameworks = new FrameworkManager({ clock, store, log, agents, commands, tasks, offers, allocator });
    gateway = new AgentGateway({ clock, log, masterId: 'm', agents, commands, tasks, frameworks, allocator });
    received = [];
    calls = frameworks.subscribe({ name: 'test', role: '*' }, {
      subscribed: () => undefined, offers: (o) => calls.decline(o.map((x) => x.id)), rescind: () => undefined, update: (s) => received.push(s),
    });
    agentId = 'agent-1';
    await register([]);
    await tasks.add([{ taskId: 'web.1', frameworkId: calls.frameworkId, agentId, name: 'web', state: 'TASK_STAGING', resources, statuses: [], launchedAt: 0 }]);
  });
  afterEach(async () => {
    allocator.stop();
    commands.stop();
    await store.close();
  });

  it("keeps a task's last health from its updates, and an update without health keeps it", async () => {
    await gateway.updates(agentId, [update(1, true)]);
    await gateway.updates(agentId, [update(2, false)]);
    await gateway.updates(agentId, [update(3)]);
    const task = tasks.get('web.1')!;
    assert.equal(task.healthy, false);
    assert.deepEqual(task.health, health(1));
    assert.deepEqual(task.statuses.map((s) => s.healthy), [true, false, undefined]);
    assert.equal(received.at(-2)?.healthy, false, 'the framework gets the health update');
  });

  it('keeps the last 50 statuses of a task', async () => {
    for (let n = 1; n <= 60; n++) await gateway.updates(agentId, [update(n, n % 2 === 0)]);
    const task = tasks.get('web.1')!;
    assert.equal(task.statuses.length, 50);
    assert.equal(task.statuses[0].timestamp, 11);
    assert.equal(task.statuses.at(-1)!.timestamp, 60);
    const reloaded = new TaskBook(store);
    await reloaded.load();
    assert.equal(reloaded.get('web.1')!.statuses.length, 50, 'stored bounded too');
    assert.equal(reloaded.get('web.1')!.healthy, true);
  });

  it('answers reconciliation with the last health', async () => {
    await gateway.updates(agentId, [update(1, false)]);
    received = [];
    calls.reconcile([]);
    calls.reconcile([{ taskId: 'web.1' }]);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(received.map((s) => [s.reason, s.healthy, s.health]), [
      ['REASON_RECONCILIATION', false, health(1)],
      ['REASON_RECONCILIATION', false, health(1)],
    ]);
  });

  it('learns the health an agent reports when it registers again, and passes it to the framework', async () => {
    await gateway.updates(agentId, [update(1, true)]);
    received = [];
    const report: AgentTaskReport = { taskId: 'web.1', frameworkId: calls.frameworkId, state: 'TASK_RUNNING', resources, sandbox: '/s', healthy: false, health: health(1) };
    await register([report]);
    assert.deepEqual(received.map((s) => [s.state, s.healthy, s.health]), [['TASK_RUNNING', false, health(1)]]);
    assert.equal(tasks.get('web.1')!.healthy, false);
    received = [];
    await register([report]);
    assert.deepEqual(received, [], 'the same health again is no news');
  });
});
