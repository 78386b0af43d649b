import assert from 'node:assert/strict';
import type { MarathonApp, MarathonDeployment, MarathonTask } from '../../../src/api/marathon-types.js';
import type { MasterState } from '../../../src/api/master-types.js';
import { normalizeAppDefinition } from '../../../src/core/marathon/normalize-app.js';
import { appTable, commandOf, deploymentOf, healthOf, nodeTable, taskTable } from '../../../src/cli/views.js';

const app = (over: Partial<MarathonApp>): MarathonApp => ({
  ...normalizeAppDefinition({ id: '/web', cmd: 'python3 -m http.server $PORT0', instances: 2, cpus: 0.5, mem: 64, portDefinitions: [] }),
  ports: [], version: 'v', versionInfo: { lastScalingAt: '', lastConfigChangeAt: '' },
  tasksStaged: 0, tasksRunning: 1, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [], ...over,
});

const deployment = (id: string, actions: Array<{ action: string; app: string }>): MarathonDeployment => ({
  id, version: 'v', affectedApps: actions.map((a) => a.app), affectedPods: [], steps: [], currentActions: actions, currentStep: 1, totalSteps: 1,
});

describe('app list table', () => {
  it('has dcos-core-cli columns: ID MEM CPUS TASKS(running/instances) HEALTH DEPLOYMENT CMD, sorted by id', () => {
    const out = appTable(
      [app({ id: '/web', deployments: [{ id: 'd1' }] }), app({ id: '/api', cmd: null, args: ['serve', '--port', '8080'], instances: 1, tasksRunning: 1, cpus: 1, mem: 128 })],
      [deployment('d1', [{ action: 'ScaleApplication', app: '/web' }])],
    );
    assert.equal(out, [
      'ID    MEM  CPUS  TASKS  HEALTH  DEPLOYMENT  CMD',
      '/api  128     1    1/1  ---     ---         ["serve","--port","8080"]',
      '/web   64   0.5    1/2  ---     scale       python3 -m http.server $PORT0',
      '',
    ].join('\n'));
  });

  it('names several current actions of an app in parentheses, and unknown actions as Marathon does', () => {
    const deps = [deployment('d1', [{ action: 'RestartApplication', app: '/web' }, { action: 'ScaleApplication', app: '/other' }]), deployment('d2', [{ action: 'Weird', app: '/web' }])];
    assert.equal(deploymentOf(app({ deployments: [{ id: 'd1' }, { id: 'd2' }] }), deps), '(restart, Weird)');
    assert.equal(deploymentOf(app({ deployments: [{ id: 'gone' }] }), deps), '---');
  });

  it('shows health as healthy/running only for apps with health checks', () => {
    assert.equal(healthOf(app({ tasksHealthy: 1, tasksRunning: 2 })), '---');
    assert.equal(healthOf(app({ healthChecks: normalizeAppDefinition({ id: 'x', healthChecks: [{ protocol: 'HTTP' }] }).healthChecks, tasksHealthy: 1, tasksRunning: 2 })), '1/2');
  });

  it('shows the cmd, else the args, else ---', () => {
    assert.equal(commandOf({ cmd: 'sleep 1', args: null }), 'sleep 1');
    assert.equal(commandOf({ cmd: null, args: ['a', 'b'] }), '["a","b"]');
    assert.equal(commandOf({ cmd: null, args: null }), '---');
  });
});

describe('task list table', () => {
  it('lists app, health, start time, host, state and id', () => {
    const task: MarathonTask = {
      id: 'web.1', appId: '/web', host: '127.0.1.2', ports: [31000], servicePorts: [], slaveId: 'a1', state: 'TASK_RUNNING',
      stagedAt: '2025-01-01T00:00:00.000Z', startedAt: '2025-01-01T00:00:01.000Z', version: 'v', ipAddresses: [],
    };
    assert.equal(taskTable([task]), [
      'APP   HEALTHY  STARTED                   HOST       STATE         ID',
      '/web  ---      2025-01-01T00:00:01.000Z  127.0.1.2  TASK_RUNNING  web.1',
      '',
    ].join('\n'));
  });
});

describe('node list table', () => {
  it('shows each agent with status, used/total cpus and mem, and its active tasks', () => {
    const res = (cpus: number, mem: number) => ({ cpus, mem, disk: 0, ports: '' });
    const state = {
      slaves: [
        { id: 'S1', hostname: '127.0.1.10', active: true, status: 'REACHABLE', resources: res(4, 8192), used_resources: res(1.5, 384) },
        { id: 'S0', hostname: '127.0.1.2', active: false, status: 'REACHABLE', resources: res(2, 1024), used_resources: res(0, 0) },
        { id: 'S2', hostname: '127.0.1.3', active: true, status: 'UNREACHABLE', resources: res(2, 1024), used_resources: res(0, 0) },
      ],
      frameworks: [{ tasks: [
        { slave_id: 'S1', state: 'TASK_RUNNING' }, { slave_id: 'S1', state: 'TASK_STAGING' }, { slave_id: 'S1', state: 'TASK_FINISHED' },
      ] }],
    } as unknown as MasterState;
    assert.equal(nodeTable(state), [
      'HOSTNAME    ID  STATUS        CPUS       MEM  TASKS',
      '127.0.1.2   S0  INACTIVE       0/2    0/1024      0',
      '127.0.1.3   S2  UNREACHABLE    0/2    0/1024      0',
      '127.0.1.10  S1  ACTIVE       1.5/4  384/8192      2',
      '',
    ].join('\n'));
  });
});
