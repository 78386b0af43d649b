import assert from 'node:assert/strict';
import type { DeploymentStep } from '../../../../../src/runtime/marathon/deployments/deployment.js';
import { appsUnder } from '../../../../../src/runtime/marathon/groups/group-tree.js';
import { marathonHarness, rejection } from '../../../../harness/marathon-harness.js';

const app = (id: string, over: Record<string, unknown> = {}) => ({ id, cmd: 'x', cpus: 0.1, mem: 16, ...over });

describe('groups', () => {
  it('creates a group with apps and subgroups, ids relative to it, and shows the tree', async () => {
    const h = await marathonHarness();
    await h.groups.create({ id: '/prod', apps: [app('web')], groups: [{ id: 'data', apps: [app('db'), app('/prod/data/cache')] }] });
    const tree = h.groups.get('/prod');
    assert.deepEqual(tree.apps.map((a) => a.id), ['/prod/web']);
    assert.deepEqual(tree.groups.map((g) => g.id), ['/prod/data']);
    assert.deepEqual(appsUnder(tree).map((a) => a.id).sort(), ['/prod/data/cache', '/prod/data/db', '/prod/web']);
  });

  it('refuses a group that exists with 409, and lists every bad app with its path', async () => {
    const h = await marathonHarness();
    await h.groups.create({ id: '/prod', apps: [app('web')] });
    assert.equal((await rejection(h.groups.create({ id: '/prod' }))).status, 409);
    const err = await rejection(h.groups.create({ id: '/qa', apps: [app('ok'), { id: 'bad', cmd: 'x', cpus: -1 }], groups: [{ id: 'g', apps: [{ id: 'worse', mem: 'lots', cmd: 'x' }] }] }));
    assert.equal(err.status, 422);
    const paths = err.details!.map((d) => d.path);
    assert.ok(paths.includes('/apps(1)/cpus'), paths.join());
    assert.ok(paths.includes('/groups(0)/apps(0)/mem'), paths.join());
  });

  it('a PUT makes the group what it lists: unlisted apps stop, new ones start, changed ones restart', async () => {
    const h = await marathonHarness();
    await h.groups.create({ id: '/prod', apps: [app('a'), app('b')] });
    await h.settle();
    const d = await h.groups.update('/prod', { apps: [app('b', { cmd: 'changed' }), app('c')] }, { force: true });
    assert.ok(!Array.isArray(d));
    const actions = d.steps.flatMap((s) => s.actions.map((a) => `${a.action} ${a.app}`)).sort();
    assert.deepEqual(actions, ['RestartApplication /prod/b', 'ScaleApplication /prod/c', 'StartApplication /prod/c', 'StopApplication /prod/a']);
  });

  it('with dryRun only answers the plan', async () => {
    const h = await marathonHarness();
    await h.groups.create({ id: '/prod', apps: [app('a')] });
    const steps = await h.groups.update('/prod', { apps: [app('a'), app('b')] }, { dryRun: true }) as DeploymentStep[];
    assert.deepEqual(steps.map((s) => s.actions.map((a) => a.action)), [['StartApplication'], ['ScaleApplication']]);
    assert.equal(h.state.apps.has('/prod/b'), false);
  });

  it('scales every app under it by scaleBy, rounding up', async () => {
    const h = await marathonHarness();
    await h.groups.create({ id: '/prod', apps: [app('a', { instances: 3 }), app('b', { instances: 1 })] });
    await h.groups.update('/prod', { scaleBy: 1.5 }, { force: true });
    assert.equal(h.state.apps.get('/prod/a')?.instances, 5);
    assert.equal(h.state.apps.get('/prod/b')?.instances, 2);
  });

  it('rolls every app under it back to the versions it had at a time', async () => {
    const h = await marathonHarness();
    await h.groups.create({ id: '/prod', apps: [app('a', { cmd: 'v1' })] });
    const then = h.state.apps.get('/prod/a')!.version;
    h.clock.advance(1000);
    await h.groups.update('/prod', { apps: [app('a', { cmd: 'v2' }), app('b')] }, { force: true });
    await h.groups.update('/prod', { version: then }, { force: true });
    assert.equal(h.state.apps.get('/prod/a')?.cmd, 'v1');
    assert.equal(h.state.apps.has('/prod/b'), false, 'an app that did not exist then stops');
  });

  it('deletes every app and subgroup under it', async () => {
    const h = await marathonHarness();
    await h.groups.create({ id: '/prod', apps: [app('a')], groups: [{ id: 'x', apps: [app('b')] }] });
    await h.groups.remove('/prod', { force: true });
    assert.deepEqual([...h.state.apps.keys()], []);
    assert.deepEqual([...h.state.groups.keys()], []);
  });
});
