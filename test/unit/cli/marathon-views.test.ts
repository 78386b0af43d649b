import assert from 'node:assert/strict';
import type { MarathonApp, MarathonDeployment, MarathonGroup, QueueItem } from '../../../src/api/marathon-types.js';
import { currentActionsOf, deploymentTable, groupRows, groupTable, queuedApp, queueSummary, queueTable } from '../../../src/cli/marathon-views.js';
import { formatFields } from '../../../src/cli/table.js';
import { isDcosError } from '../../../src/cli/errors.js';
import { ErrorCodes } from '../../../src/core/errors.js';
import { normalizeAppDefinition } from '../../../src/core/marathon/normalize-app.js';

const app = (id: string, over: Record<string, unknown> = {}): MarathonApp => ({
  ...normalizeAppDefinition({ id, cmd: 'sleep 1', cpus: 0.5, mem: 4096, ...over }),
  ports: [], version: 'v', versionInfo: { lastScalingAt: '', lastConfigChangeAt: '' },
  tasksStaged: 0, tasksRunning: 0, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [],
});

const deployment = (id: string, apps: string[], actions: Array<[string, string]>, currentStep: number, totalSteps: number): MarathonDeployment => ({
  id, version: 'v', affectedApps: apps, affectedPods: [], steps: [], currentStep, totalSteps,
  currentActions: actions.map(([action, a]) => ({ action, app: a })),
});

const item = (over: Partial<QueueItem> = {}, summary: QueueItem['processedOffersSummary']['rejectSummaryLastOffers'] = []): QueueItem => ({
  count: 2, delay: { timeLeftSeconds: 0, overdue: true }, since: '2026-01-02T03:04:05.000Z', role: '*', app: app('/db'),
  processedOffersSummary: { processedOffersCount: 6, unusedOffersCount: 4, rejectSummaryLastOffers: summary, rejectSummaryLaunchAttempt: [] },
  waitingReason: '2 agents: insufficient mem (needs 4096, largest free 2048)', ...over,
});

describe('deployment table', () => {
  it("has dcos-core-cli's columns APP ACTION PROGRESS(steps done/steps) ID, by app", () => {
    assert.equal(deploymentTable([
      deployment('d2', ['/web'], [['RestartApplication', '/web']], 1, 1),
      deployment('d1', ['/db', '/api'], [['StartApplication', '/db'], ['ScaleApplication', '/api']], 2, 3),
    ]), [
      'APP        ACTION                 PROGRESS  ID',
      '/db, /api  start /db, scale /api       1/3  d1',
      '/web       restart                     0/1  d2',
      '',
    ].join('\n'));
  });

  it('names the app of each current action only when the step works on several apps', () => {
    assert.equal(currentActionsOf(deployment('d', ['/a'], [['ScaleApplication', '/a'], ['Unknown', '/a']], 1, 1)), 'scale, Unknown');
  });
});

describe('group table', () => {
  const group = (id: string, apps: string[], groups: MarathonGroup[] = []): MarathonGroup =>
    ({ id, apps: apps.map((a) => app(a)), groups, pods: [], dependencies: [], version: 'v', enforceRole: false });

  it('lists every group under the root, at any depth, with the apps under it counted with its groups\'', () => {
    const root = group('/', ['/solo'], [group('/shop', ['/shop/front'], [group('/shop/back', ['/shop/back/db', '/shop/back/cache'], [group('/shop/back/empty', [])])]), group('/batch', [])]);
    assert.deepEqual(groupRows(root), [
      { id: '/batch', apps: 0 }, { id: '/shop', apps: 3 }, { id: '/shop/back', apps: 2 }, { id: '/shop/back/empty', apps: 0 },
    ]);
    assert.equal(groupTable(root).split('\n')[0], 'ID                APPS');
  });
});

describe('launch queue views', () => {
  it('debug list: ID SINCE INSTANCES TO LAUNCH DELAY REASON, the delay only while there is one', () => {
    const waiting = item({ app: app('/api'), count: 1, delay: { timeLeftSeconds: 12, overdue: false }, waitingReason: 'backing off after task failures: next launch in 12 s' });
    assert.equal(queueTable([item(), waiting]), [
      'ID    SINCE                     INSTANCES TO LAUNCH  DELAY  REASON',
      '/api  2026-01-02T03:04:05.000Z                    1    12s  backing off after task failures: next launch in 12 s',
      '/db   2026-01-02T03:04:05.000Z                    2    ---  2 agents: insufficient mem (needs 4096, largest free 2048)',
      '',
    ].join('\n'));
  });

  it('debug summary: the app waiting and why, then per reason of the last pass what it asks for and how many offers declined', () => {
    const head = formatFields([
      ['app', '/db'], ['to launch', 2], ['since', '2026-01-02T03:04:05.000Z'], ['delay', '---'], ['offers', '6 processed, 4 unused'],
      ['reason', '2 agents: insufficient mem (needs 4096, largest free 2048)'],
    ]);
    assert.equal(head.split('\n')[0], 'APP        /db');
    assert.equal(queueSummary(item()), head, 'no table without a summary');
    const summary = [
      { reason: 'UnfulfilledRole', declined: 0, processed: 2 },
      { reason: 'UnfulfilledConstraint', declined: 0, processed: 2 },
      { reason: 'InsufficientCpus', declined: 0, processed: 2 },
      { reason: 'InsufficientMemory', declined: 2, processed: 2 },
      { reason: 'MissingCapability', declined: 0, processed: 0 },
    ];
    assert.equal(queueSummary(item({}, summary)), `${head}\n${[
      'REASON                 REQUESTED  DECLINED',
      'UnfulfilledRole                *       0/2',
      'UnfulfilledConstraint        ---       0/2',
      'InsufficientCpus             0.5       0/2',
      'InsufficientMemory          4096       2/2',
      'MissingCapability            ---       0/0',
      '',
    ].join('\n')}`);
  });

  it('finds the queue item of an app by its id, relative or absolute; not found otherwise', () => {
    assert.equal(queuedApp([item()], 'db').app.id, '/db');
    assert.throws(() => queuedApp([item()], '/web'), (err) => isDcosError(err, ErrorCodes.NOT_FOUND));
  });
});
