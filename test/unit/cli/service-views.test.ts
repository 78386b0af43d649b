import assert from 'node:assert/strict';
import type { MarathonApp, QueueItem } from '../../../src/api/marathon-types.js';
import type { MesosFramework } from '../../../src/api/master-types.js';
import { appHealth, appStatus, serviceRows, serviceTable } from '../../../src/cli/service-views.js';

const app = (id: string, over: Partial<MarathonApp> = {}): MarathonApp =>
  ({ id, instances: 1, tasksRunning: 1, tasksHealthy: 0, tasksUnhealthy: 0, tasksStaged: 0, deployments: [], healthChecks: [], labels: {}, ...over }) as unknown as MarathonApp;
const framework = (id: string, name: string, states: string[] = [], active = true): MesosFramework =>
  ({ id, name, active, tasks: states.map((state, i) => ({ id: `${name}-${i}`, state })) }) as unknown as MesosFramework;
const queued = (appId: string, waitingReason: string): QueueItem => ({ count: 1, app: { id: appId }, waitingReason }) as unknown as QueueItem;

describe('service list', () => {
  const hc = [{ protocol: 'HTTP' }] as unknown as MarathonApp['healthChecks'];
  const health: Array<[string, Partial<MarathonApp>, string]> = [
    ['no health checks', {}, 'unknown'],
    ['a task unhealthy', { healthChecks: hc, tasksRunning: 2, instances: 2, tasksHealthy: 1, tasksUnhealthy: 1 }, 'unhealthy'],
    ['every running task healthy', { healthChecks: hc, tasksRunning: 2, instances: 2, tasksHealthy: 2 }, 'healthy'],
    ['checks not answered yet', { healthChecks: hc, tasksRunning: 1, tasksHealthy: 0 }, 'unknown'],
  ];
  for (const [when, over, expected] of health) {
    it(`HEALTH is ${expected} with ${when}`, () => assert.equal(appHealth(app('/a', over)), expected));
  }

  const status: Array<[string, Partial<MarathonApp>, QueueItem | undefined, string]> = [
    ['instances wait to launch', { tasksRunning: 0, deployments: [{ id: 'd' }] }, queued('/a', '2 agents: insufficient mem'), 'Waiting: 2 agents: insufficient mem'],
    ['a deployment works on it', { deployments: [{ id: 'd' }] }, undefined, 'Deploying'],
    ['it has 0 instances', { instances: 0, tasksRunning: 0 }, undefined, 'Suspended'],
    ['every instance runs', {}, undefined, 'Running'],
    ['some instances do not run yet', { instances: 2 }, undefined, 'Starting'],
  ];
  for (const [when, over, q, expected] of status) {
    it(`STATUS is ${JSON.stringify(expected)} when ${when}`, () => assert.equal(appStatus(app('/a', over), q), expected));
  }

  it("shows each package app with the framework it registered on one row, each other framework on its own, and no plain app", () => {
    const apps = [
      app('/kafka', { labels: { DCOS_PACKAGE_NAME: 'kafka', DCOS_PACKAGE_VERSION: '2.10.0', DCOS_PACKAGE_FRAMEWORK_NAME: 'kafka' } }),
      app('/nginx', { labels: { DCOS_PACKAGE_NAME: 'nginx', DCOS_PACKAGE_VERSION: '1.10.3' }, instances: 2, tasksRunning: 0 }),
      app('/web'),
    ];
    const rows = serviceRows(apps, [framework('f-1', 'kafka', ['TASK_RUNNING', 'TASK_RUNNING', 'TASK_STAGING']), framework('f-0', 'marathon')], [queued('/nginx', 'no agent has port 80')]);
    assert.deepEqual(rows.map((r) => [r.name, r.app, r.frameworkId]), [['kafka', '/kafka', 'f-1'], ['marathon', undefined, 'f-0'], ['nginx', '/nginx', undefined]]);
    assert.equal(
      serviceTable(rows),
      [
        'NAME      PACKAGE  VERSION  APP     TASKS  HEALTH   STATUS',
        'kafka     kafka    2.10.0   /kafka    1/1  unknown  Running',
        'marathon  ---      ---      ---       0/0  unknown  Running',
        'nginx     nginx    1.10.3   /nginx    0/2  unknown  Waiting: no agent has port 80',
        '',
      ].join('\n'),
    );
  });

  it("counts a framework's running tasks over all its tasks, and tells an inactive one", () => {
    const [row] = serviceRows([], [framework('f-2', 'spark', ['TASK_RUNNING', 'TASK_STAGING'], false)], []);
    assert.deepEqual([row.tasks, row.status], ['1/2', 'Inactive']);
  });
});
