import assert from 'node:assert/strict';
import { normalizeAppDefinition } from '../../../../../src/core/marathon/normalize-app.js';
import { buildPlan } from '../../../../../src/runtime/marathon/deployments/plan-builder.js';
import type { GroupRecord } from '../../../../../src/runtime/marathon/groups/group.js';
import type { StoredApp } from '../../../../../src/runtime/marathon/state/stored-app.js';

const app = (id: string, over: Record<string, unknown> = {}, config = 'c1'): StoredApp => ({
  ...normalizeAppDefinition({ id, cmd: 'x', ...over }), version: 'v', versionInfo: { lastScalingAt: 'v', lastConfigChangeAt: config },
});
const apps = (...list: StoredApp[]) => new Map(list.map((a) => [a.id, a]));
const group = (id: string, dependencies: string[]): GroupRecord => ({ id, dependencies, enforceRole: false, version: 'v' });
const none = new Map<string, GroupRecord>();

function steps(original: Map<string, StoredApp>, target: Map<string, StoredApp>, targetGroups = none) {
  const plan = buildPlan({ original, target, originalGroups: none, targetGroups });
  assert.ok(plan.ok);
  return plan.steps.map((s) => s.actions.map((a) => `${a.action} ${a.app}`));
}

describe('deployment plans', () => {
  const cases: Array<[string, Map<string, StoredApp>, Map<string, StoredApp>, string[][]]> = [
    ['a new app starts with 0 instances, then scales up', apps(), apps(app('/web')), [['StartApplication /web'], ['ScaleApplication /web']]],
    ['a removed app stops', apps(app('/web')), apps(), [['StopApplication /web']]],
    ['a new instance count scales', apps(app('/web')), apps(app('/web', { instances: 3 })), [['ScaleApplication /web']]],
    ['a new configuration restarts', apps(app('/web')), apps(app('/web', { cmd: 'y' }, 'c2')), [['RestartApplication /web']]],
    ['an unchanged app takes no step', apps(app('/web')), apps(app('/web')), []],
    ['a dependent starts after what it depends on', apps(), apps(app('/db'), app('/web', { dependencies: ['/db'] })),
      [['StartApplication /db', 'StartApplication /web'], ['ScaleApplication /db'], ['ScaleApplication /web']]],
    ['a chain restarts level by level', apps(app('/a'), app('/b', { dependencies: ['/a'] }), app('/c', { dependencies: ['/b'] })),
      apps(app('/a', {}, 'c2'), app('/b', { dependencies: ['/a'] }, 'c2'), app('/c', { dependencies: ['/b'] }, 'c2')),
      [['RestartApplication /a'], ['RestartApplication /b'], ['RestartApplication /c']]],
    ['dependents stop before what they depend on', apps(app('/db'), app('/web', { dependencies: ['/db'] })), apps(),
      [['StopApplication /web'], ['StopApplication /db']]],
    ['apps of one level run in one step', apps(), apps(app('/a'), app('/b')),
      [['StartApplication /a', 'StartApplication /b'], ['ScaleApplication /a', 'ScaleApplication /b']]],
    ['a dependency on a group means every app under it', apps(), apps(app('/data/db'), app('/data/cache'), app('/web', { dependencies: ['/data'] })),
      [['StartApplication /data/cache', 'StartApplication /data/db', 'StartApplication /web'], ['ScaleApplication /data/cache', 'ScaleApplication /data/db'], ['ScaleApplication /web']]],
    ['a dependency on an app that does not exist adds no step', apps(), apps(app('/web', { dependencies: ['/missing'] })),
      [['StartApplication /web'], ['ScaleApplication /web']]],
  ];
  for (const [name, original, target, expected] of cases) {
    it(name, () => assert.deepEqual(steps(original, target), expected));
  }

  it("applies a group's dependencies to every app in it", () => {
    const target = apps(app('/db'), app('/shop/web'), app('/shop/api'));
    assert.deepEqual(steps(apps(), target, new Map([['/shop', group('/shop', ['/db'])]])), [
      ['StartApplication /db', 'StartApplication /shop/api', 'StartApplication /shop/web'],
      ['ScaleApplication /db'],
      ['ScaleApplication /shop/api', 'ScaleApplication /shop/web'],
    ]);
  });

  it('refuses a cycle, naming it', () => {
    const plan = buildPlan({ original: apps(), target: apps(app('/a', { dependencies: ['/b'] }), app('/b', { dependencies: ['/a'] })), originalGroups: none, targetGroups: none });
    assert.equal(plan.ok, false);
    assert.ok(!plan.ok && plan.cycle.join(' ').includes('/a') && plan.cycle.join(' ').includes('/b'));
  });

  it('names the tasks a scale-down from a task kill must take', () => {
    const plan = buildPlan({ original: apps(app('/web', { instances: 3 })), target: apps(app('/web', { instances: 2 })), originalGroups: none, targetGroups: none, tasksToKill: new Map([['/web', ['t1']]]) });
    assert.ok(plan.ok);
    assert.deepEqual(plan.steps[0].actions, [{ action: 'ScaleApplication', app: '/web', tasksToKill: ['t1'] }]);
  });
});
