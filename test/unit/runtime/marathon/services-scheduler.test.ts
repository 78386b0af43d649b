import assert from 'node:assert/strict';
import { ManualClock } from '../../../../src/core/clock.js';
import { BIG as big, marathonHarness, rejection } from '../../../harness/marathon-harness.js';

const setup = async (clock = new ManualClock()) => {
  const h = await marathonHarness({ clock });
  return { ...h, lastFailure: (id: string) => h.state.failures.get(id) };
};

describe('ServicesScheduler', () => {
  it("applies Marathon's defaults: 1 instance, 1 cpu, 128 MiB, one dynamic port", async () => {
    const { apps } = await setup();
    const { app } = await apps.create({ id: 'web', cmd: 'sleep 100' });
    assert.equal(app.id, '/web');
    assert.equal(app.instances, 1);
    assert.equal(app.cpus, 1);
    assert.equal(app.mem, 128);
    assert.equal(app.disk, 0);
    assert.equal(app.backoffSeconds, 1);
    assert.equal(app.backoffFactor, 1.15);
    assert.equal(app.maxLaunchDelaySeconds, 300);
    assert.equal(app.portDefinitions.length, 1);
    assert.equal(app.portDefinitions[0].port, 10000, 'port 0 gets a service port from 10000');
  });

  it('launches the wanted instances on an offer, with the task environment Marathon gives', async () => {
    const { apps, master } = await setup();
    await apps.create({ id: '/shop/web', cmd: 'serve', instances: 2, cpus: 0.5, mem: 64, env: { MODE: 'prod' }, labels: { tier: 'front' } });
    master.offer(big);
    const launches = master.launches();
    assert.equal(launches.length, 2);
    const env = launches[0].env;
    assert.equal(env.HOST, '127.0.9.2');
    assert.equal(env.MARATHON_APP_ID, '/shop/web');
    assert.equal(env.MESOS_TASK_ID, launches[0].taskId);
    assert.match(launches[0].taskId, /^shop_web\.[0-9a-f-]{36}$/);
    assert.equal(env.PORT, env.PORT0);
    assert.equal(env.PORTS, env.PORT0);
    assert.equal(env.PORT_DEFAULT, env.PORT0);
    assert.equal(env.MODE, 'prod');
    assert.equal(env.MARATHON_APP_LABEL_TIER, 'front');
    assert.notEqual(launches[0].env.PORT0, launches[1].env.PORT0, 'two tasks on one agent get different host ports');
    assert.deepEqual(launches[0].command, { shell: true, value: 'serve' });
  });

  it('launches no more than fits in an offer and asks for the rest on later offers', async () => {
    const { apps, master } = await setup();
    await apps.create({ id: 'big', cmd: 'x', instances: 3, cpus: 1, mem: 32 });
    master.offer({ cpus: 2, mem: 1024, disk: 0, ports: [[31000, 31010]] });
    assert.equal(master.launches().length, 2);
    master.offer({ cpus: 2, mem: 1024, disk: 0, ports: [[31000, 31010]] }, 'agent-2');
    assert.equal(master.launches().length, 3);
  });

  it('spreads the instances of an app over the offers of one batch', async () => {
    const { apps, master } = await setup();
    await apps.create({ id: 'spread', cmd: 'x', instances: 5, cpus: 0.1, mem: 16 });
    master.offerMany(big, ['a1', 'a2']);
    const perAgent = master.accepted.map((a) => a.launches.length).sort();
    assert.deepEqual(perAgent, [2, 3]);
  });

  it('declines offers it cannot use and suppresses offers once nothing waits', async () => {
    const { apps, master, settle } = await setup();
    await apps.create({ id: 'one', cmd: 'x', cpus: 0.1, mem: 16 });
    master.offer(big);
    master.offer(big, 'agent-2');
    await settle();
    assert.equal(master.declined.length, 1);
    assert.equal(master.declined[0].filters?.refuseSeconds, 120);
    assert.equal(master.suppressed, true);
  });

  it('revives only when more launches wait than before, so refusal filters keep working while an app waits', async () => {
    const { apps, master, settle } = await setup();
    await apps.create({ id: 'wait', cmd: 'x', instances: 3, cpus: 4, mem: 16 });
    await settle();
    const revives = master.revives;
    master.offer(big);
    await settle();
    assert.equal(master.launches().length, 2, 'two fit');
    await apps.create({ id: 'other', cmd: 'x', cpus: 0.1, mem: 16 });
    await settle();
    assert.equal(master.revives, revives + 1, 'new demand revives');
    master.update(master.launches()[0].taskId, 'TASK_RUNNING');
    await settle();
    assert.equal(master.revives, revives + 1, 'a status update of a waiting app does not clear the filters');
  });

  it('revives after a change even when fewer launches wait: old refusals say nothing about the new definition', async () => {
    const { apps, master, settle } = await setup();
    await apps.create({ id: 'huge', cmd: 'x', instances: 50, cpus: 0.1, mem: 1e6 });
    master.offer(big);
    await settle();
    assert.equal(master.declined.length, 1, 'nothing fits: declined with a filter');
    const revives = master.revives;
    await apps.update('/huge', { instances: 2, mem: 16 }, { force: true });
    await settle();
    assert.equal(master.revives, revives + 1, 'revived once, though 2 < 50');
  });

  it('relaunches a failed task only after backoffSeconds, growing by backoffFactor', async () => {
    const { apps, master, clock, settle } = await setup();
    await apps.create({ id: 'flaky', cmd: 'exit 1', cpus: 0.1, mem: 16, backoffSeconds: 2, backoffFactor: 3, maxLaunchDelaySeconds: 10 });
    master.offer(big);
    let task = master.launches()[0].taskId;
    master.update(task, 'TASK_RUNNING');
    master.update(task, 'TASK_FAILED', { message: 'exit 1' });
    master.offer(big);
    assert.equal(master.launches().length, 1, 'no launch during the 2 s delay');
    clock.advance(2_001);
    await settle();
    master.offer(big);
    assert.equal(master.launches().length, 2);

    task = master.launches()[1].taskId;
    master.update(task, 'TASK_RUNNING');
    master.update(task, 'TASK_FAILED');
    await settle();
    clock.advance(5_000);
    await settle();
    master.offer(big);
    assert.equal(master.launches().length, 2, 'the second delay is 2 s × 3 = 6 s');
    clock.advance(1_001);
    await settle();
    master.offer(big);
    assert.equal(master.launches().length, 3);
  });

  it('relaunches at the end of every launch delay, with fractional delays, on a clock that fires early', async () => {
    // backoffFactor 1.15 makes delays like 1322.4999999 ms; setTimeout truncates them.
    const { apps, master, clock, settle } = await setup(new ManualClock(1_700_000_000_000, { truncatesDelays: true }));
    await apps.create({ id: 'flaky', cmd: 'exit 1', cpus: 0.1, mem: 16, backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 300 });
    master.offer(big);
    let delay = 1_000;
    for (let failures = 1; failures <= 40; failures++) {
      const task = master.launches().at(-1)!.taskId;
      master.update(task, 'TASK_RUNNING');
      master.update(task, 'TASK_FAILED', { message: 'exit 1' });
      await settle();
      assert.equal(master.suppressed, true, `failure ${failures}: no offers wanted during the delay`);
      clock.advance(delay - 1);
      await settle();
      assert.equal(master.suppressed, true, `failure ${failures}: still delayed 1 ms before the end of ${delay} ms`);
      clock.advance(2);
      await settle();
      assert.equal(master.suppressed, false, `failure ${failures}: offers wanted again within 1 ms after the end of ${delay} ms`);
      master.offer(big);
      assert.equal(master.launches().length, failures + 1, `failure ${failures}: relaunched`);
      delay = Math.min(delay * 1.15, 300_000);
    }
  });

  for (const [state, why] of [
    ['TASK_LOST', 'the launch never reached the agent'],
    ['TASK_ERROR', 'the agent refused the launch'],
    ['TASK_DROPPED', 'the master dropped the launch'],
    ['TASK_FINISHED', 'a service task ended by itself'],
  ] as const) {
    it(`counts ${state} before the task ran (${why}) as a failure: backoff and lastTaskFailure`, async () => {
      const { apps, master, clock, lastFailure, settle } = await setup();
      await apps.create({ id: 'refused', cmd: 'x', cpus: 0.1, mem: 16, backoffSeconds: 5 });
      master.offer(big);
      master.update(master.launches()[0].taskId, state, { message: why });
      assert.equal(lastFailure('/refused')?.state, state);
      assert.equal(lastFailure('/refused')?.message, why);
      for (let i = 0; i < 100; i++) master.offer(big);
      assert.equal(master.launches().length, 1, 'no relaunch during the 5 s delay, however many offers come');
      clock.advance(5_000);
      await settle();
      master.offer(big);
      assert.equal(master.launches().length, 2);
    });
  }

  it('counts failures that come together (a launch request lost: many TASK_LOST at once) as one step of backoff', async () => {
    const { apps, master, clock, settle } = await setup();
    await apps.create({ id: 'burst', cmd: 'x', instances: 50, cpus: 0.01, mem: 1, backoffSeconds: 2, portDefinitions: [] });
    master.offer(big);
    for (const l of master.launches()) master.update(l.taskId, 'TASK_LOST', { message: 'Launch on agent failed' });
    await settle();
    clock.advance(2_000);
    await settle();
    master.offer(big);
    assert.equal(master.launches().length, 100, 'relaunched after 2 s, not after 2 × 1.15^49 s');
  });

  it('records the last task failure of an app', async () => {
    const { apps, master, lastFailure } = await setup();
    await apps.create({ id: 'f', cmd: 'false', cpus: 0.1, mem: 16 });
    master.offer(big);
    const task = master.launches()[0].taskId;
    master.update(task, 'TASK_RUNNING');
    master.update(task, 'TASK_FAILED', { message: 'Command exited with status 1' });
    assert.equal(lastFailure('/f')?.message, 'Command exited with status 1');
  });

  it('relaunches a task killed by someone else without any delay', async () => {
    const { apps, master } = await setup();
    await apps.create({ id: 'k', cmd: 'x', cpus: 0.1, mem: 16, backoffSeconds: 60 });
    master.offer(big);
    const task = master.launches()[0].taskId;
    master.update(task, 'TASK_RUNNING');
    master.update(task, 'TASK_KILLED');
    master.offer(big);
    assert.equal(master.launches().length, 2);
  });

  it('scales down by killing the youngest tasks first, and does not relaunch them', async () => {
    const { apps, master, clock, settle } = await setup();
    await apps.create({ id: 's', cmd: 'x', instances: 3, cpus: 0.1, mem: 16 });
    master.offer(big);
    const ids = master.launches().map((l) => l.taskId);
    ids.forEach((id) => { master.update(id, 'TASK_RUNNING'); clock.advance(10); });
    await apps.update('/s', { instances: 1 }, { force: true });
    await settle();
    assert.equal(master.killed.length, 2);
    for (const id of master.killed) master.update(id, 'TASK_KILLED');
    master.offer(big);
    assert.equal(master.launches().length, 3, 'no relaunch after a requested kill');
  });

  it('kills every task of a removed app', async () => {
    const { apps, master, settle } = await setup();
    await apps.create({ id: 'gone', cmd: 'x', instances: 2, cpus: 0.1, mem: 16 });
    master.offer(big);
    for (const l of master.launches()) master.update(l.taskId, 'TASK_RUNNING');
    await settle();
    await apps.remove('/gone');
    await settle();
    assert.deepEqual([...master.killed].sort(), master.launches().map((l) => l.taskId).sort());
  });

  it('replaces the tasks of a changed config: new ones first, then the old ones go', async () => {
    const { apps, master, settle } = await setup();
    await apps.create({ id: 'r', cmd: 'v1', instances: 2, cpus: 0.1, mem: 16 });
    master.offer(big);
    const old = master.launches().map((l) => l.taskId);
    old.forEach((id) => master.update(id, 'TASK_RUNNING'));
    await settle();
    await apps.update('/r', { cmd: 'v2' });
    await settle();
    assert.equal(master.killed.length, 0, 'old tasks stay until new ones run');
    master.offer(big);
    const fresh = master.launches().slice(2);
    assert.deepEqual(fresh.map((l) => l.command.value), ['v2', 'v2']);
    fresh.forEach((l) => master.update(l.taskId, 'TASK_RUNNING'));
    await settle();
    assert.deepEqual([...master.killed].sort(), [...old].sort());
  });

  it('answers an invalid definition with every problem and its path', async () => {
    const { apps } = await setup();
    const err = await rejection(apps.create({ id: 'Bad_ID', cpus: -1, mem: 'lots', instances: 1.5, portDefinitions: [{ port: 70000 }] }));
    assert.equal(err.status, 422);
    const byPath = Object.fromEntries(err.details!.map((d) => [d.path, d.errors]));
    assert.ok(byPath['/id'], 'id');
    assert.ok(byPath['/cpus'], 'cpus');
    assert.ok(byPath['/mem'], 'mem');
    assert.ok(byPath['/instances'], 'instances');
    assert.ok(byPath['/portDefinitions(0)/port'], 'port');
    assert.match(byPath['/'].join(), /cmd' or 'args/);
  });

  it('locks an app during its deployment: a second change gets 409 naming the deployment, unless forced', async () => {
    const { apps } = await setup();
    const first = await apps.create({ id: 'l', cmd: 'x', cpus: 0.1, mem: 16 });
    const err = await rejection(apps.update('/l', { instances: 2 }));
    assert.equal(err.status, 409);
    assert.match(err.message, /locked by one or more deployments/);
    assert.deepEqual(err.extra, { deployments: [{ id: first.deployment.id }] });
    const forced = await apps.update('/l', { instances: 2 }, { force: true });
    assert.ok(forced.deployment.id);
  });

  it('finishes the deployment once every wanted task runs', async () => {
    const { apps, master, state, settle } = await setup();
    await apps.create({ id: 'd', cmd: 'x', instances: 2, cpus: 0.1, mem: 16 });
    assert.equal(state.deployments.size, 1);
    master.offer(big);
    master.update(master.launches()[0].taskId, 'TASK_RUNNING');
    await settle();
    assert.equal(state.deployments.size, 1);
    master.update(master.launches()[1].taskId, 'TASK_RUNNING');
    await settle();
    assert.equal(state.deployments.size, 0);
  });

  it('keeps apps and tasks across a restart and reconciles them with the master', async () => {
    const { apps, master, store, state, settle } = await setup();
    await apps.create({ id: 'p', cmd: 'x', cpus: 0.1, mem: 16 });
    master.offer(big);
    master.update(master.launches()[0].taskId, 'TASK_RUNNING');
    await settle();
    await state.flush();

    const again = await marathonHarness({ store });
    assert.equal(again.state.apps.get('/p')?.cmd, 'x');
    assert.deepEqual(again.master.reconciled[0].map((t) => t.taskId), [master.launches()[0].taskId]);
    assert.deepEqual(again.master.reconciled[1], [], 'then implicitly, to hear of tasks it has no record of');
    again.master.offer(big);
    assert.equal(again.master.launches().length, 0, 'the running task still counts; nothing new launches');
  });

  it('asks again, after a restart, for the kills it had decided before it', async () => {
    const { apps, master, store, state, settle } = await setup();
    await apps.create({ id: 'k', cmd: 'x', instances: 3, cpus: 0.1, mem: 16 });
    master.offer(big);
    for (const l of master.launches()) master.update(l.taskId, 'TASK_RUNNING');
    await settle();
    await apps.update('/k', { instances: 1 }, { force: true });
    await settle();
    const decided = [...master.killed].sort();
    assert.equal(decided.length, 2);
    await state.flush();

    const again = await marathonHarness({ store });
    assert.deepEqual([...again.master.killed].sort(), decided, 'the same kills, asked again');
    again.master.offer(big);
    assert.equal(again.master.launches().length, 0, 'and nothing relaunched in their place');
  });

  it('kills a running task it has no record of', async () => {
    const { master } = await setup();
    master.update('stray.1234', 'TASK_RUNNING');
    assert.deepEqual(master.killed, ['stray.1234']);
  });
});
