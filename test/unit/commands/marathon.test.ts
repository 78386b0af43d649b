import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MarathonApp } from '../../../src/api/marathon-types.js';
import AppAdd from '../../../src/commands/marathon/app/add.js';
import AppList from '../../../src/commands/marathon/app/list.js';
import AppRemove from '../../../src/commands/marathon/app/remove.js';
import AppShow from '../../../src/commands/marathon/app/show.js';
import AppStart from '../../../src/commands/marathon/app/start.js';
import AppStop from '../../../src/commands/marathon/app/stop.js';
import TaskList from '../../../src/commands/marathon/task/list.js';
import NodeList from '../../../src/commands/node/list.js';
import { FakeClusterApi, makeDcosDir, runCommand } from './harness.js';

const app = (over: Partial<MarathonApp>): MarathonApp => ({
  id: '/web', cmd: 'python3 -m http.server $PORT0', instances: 1, cpus: 0.1, mem: 32, disk: 0, env: {}, labels: {},
  portDefinitions: [], requirePorts: false, backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 300,
  killSelection: 'YOUNGEST_FIRST', version: 'v1', versionInfo: { lastScalingAt: 'v1', lastConfigChangeAt: 'v1' },
  tasksStaged: 0, tasksRunning: 1, tasksHealthy: 0, tasksUnhealthy: 0, deployments: [], ...over,
});

describe('marathon and node commands', () => {
  let api: FakeClusterApi;
  let dcos: { dir: string; cleanup: () => void };
  const savedDir = process.env.DCOS_DIR;

  beforeEach(async () => {
    api = new FakeClusterApi();
    await api.start();
    dcos = makeDcosDir(api.url);
    process.env.DCOS_DIR = dcos.dir;
  });
  afterEach(async () => {
    await api.stop();
    dcos.cleanup();
    if (savedDir === undefined) delete process.env.DCOS_DIR;
    else process.env.DCOS_DIR = savedDir;
  });

  describe('marathon app list', () => {
    it('prints the apps as a table', async () => {
      api.apps = [app({ id: '/web' }), app({ id: '/db', instances: 2, tasksRunning: 0, deployments: [{ id: 'd1' }] })];
      api.deployments = [{ id: 'd1', version: 'v', affectedApps: ['/db'], affectedPods: [], steps: [], currentActions: [{ action: 'StartApplication', app: '/db' }], currentStep: 1, totalSteps: 1 }];
      const r = await runCommand(AppList, []);
      assert.equal(r.exitCode, 0);
      assert.equal(r.stdout, [
        'ID    MEM  CPUS  TASKS  HEALTH  DEPLOYMENT  CMD',
        '/db    32   0.1    0/2  ---     start       python3 -m http.server $PORT0',
        '/web   32   0.1    1/1  ---     ---         python3 -m http.server $PORT0',
        '',
      ].join('\n'));
    });

    it('prints the Marathon app objects with --json, and only the ids with -q', async () => {
      api.apps = [app({ id: '/web' })];
      assert.deepEqual(JSON.parse((await runCommand(AppList, ['--json'])).stdout), api.apps);
      assert.equal((await runCommand(AppList, ['-q'])).stdout, '/web\n');
    });

    it('is also `dcos app list`', () => {
      assert.deepEqual(AppList.aliases, ['app:list']);
    });
  });

  describe('marathon app add', () => {
    it('posts the definition read from a file and names the app and its deployment', async () => {
      const file = join(dcos.dir, 'web.json');
      writeFileSync(file, JSON.stringify({ id: '/web', cmd: 'sleep 100' }));
      const r = await runCommand(AppAdd, [file]);
      assert.equal(r.exitCode, 0);
      assert.equal(r.stdout, 'Created app /web; deployment dep-1\n');
      assert.deepEqual(api.requests.find((q) => q.method === 'POST')?.body, { id: '/web', cmd: 'sleep 100' });
    });

    it('lists every validation problem of a 422, one `  <path>: <errors>` line each, and exits 2', async () => {
      const file = join(dcos.dir, 'bad.json');
      writeFileSync(file, JSON.stringify({ id: '/Web', cpus: 0 }));
      api.createResponse = {
        status: 422,
        body: { message: 'Object is not valid', details: [{ path: '/id', errors: ['path contains invalid characters'] }, { path: '/cpus', errors: ['must be 0.001 or more'] }] },
      };
      const r = await runCommand(AppAdd, [file]);
      assert.equal(r.exitCode, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, [
        'Error: POST /v2/apps: Object is not valid',
        '  /id: path contains invalid characters',
        '  /cpus: must be 0.001 or more',
        '',
      ].join('\n'));
    });

    it('with --json, answers a 422 with the error object on stdout', async () => {
      const file = join(dcos.dir, 'bad.json');
      writeFileSync(file, '{"id":"/x"}');
      api.createResponse = { status: 422, body: { message: 'Object is not valid', details: [{ path: '/', errors: ['needs cmd'] }] } };
      const r = await runCommand(AppAdd, [file, '--json']);
      assert.equal(r.exitCode, 2);
      assert.equal(r.stderr, '');
      assert.deepEqual(JSON.parse(r.stdout), {
        error: { code: 'DCOS_ERR_INVALID_DEFINITION', message: 'POST /v2/apps: Object is not valid', details: [{ path: '/', errors: ['needs cmd'] }] },
      });
    });

    it('names the file when it is not JSON, without calling the cluster', async () => {
      const file = join(dcos.dir, 'broken.json');
      writeFileSync(file, '{"id": "/web",');
      const r = await runCommand(AppAdd, [file]);
      assert.equal(r.exitCode, 2);
      assert.match(r.stderr, new RegExp(`^Error: the app definition on ${file} is not valid JSON: `));
      assert.equal(api.requests.length, 0);
    });
  });

  describe('marathon app show / start / stop / remove', () => {
    it('show prints the app as JSON; an unknown app is an error with exit code 1', async () => {
      api.apps = [app({ id: '/web' })];
      assert.equal(JSON.parse((await runCommand(AppShow, ['/web'])).stdout).id, '/web');
      const r = await runCommand(AppShow, ['/nope']);
      assert.equal(r.exitCode, 1);
      assert.equal(r.stderr, "Error: GET /v2/apps/nope: App '/nope' does not exist\n");
    });

    it('start scales a stopped app to 1 instance, or to N', async () => {
      api.apps = [app({ id: '/web', instances: 0 })];
      assert.equal((await runCommand(AppStart, ['/web'])).stdout, 'Scaling app /web to 1; deployment dep-2\n');
      await runCommand(AppStart, ['/web', '3', '--force']);
      const puts = api.requests.filter((q) => q.method === 'PUT');
      assert.deepEqual(puts.map((q) => [q.url, q.body]), [['/v2/apps/web', { instances: 1 }], ['/v2/apps/web?force=true', { instances: 3 }]]);
    });

    it('start leaves an app that already runs alone', async () => {
      api.apps = [app({ id: '/web', instances: 2 })];
      const r = await runCommand(AppStart, ['/web']);
      assert.equal(r.stdout, 'App /web is already started: 2 instances\n');
      assert.equal(api.requests.filter((q) => q.method === 'PUT').length, 0);
    });

    it('stop scales to 0 instances', async () => {
      api.apps = [app({ id: '/web', instances: 2 })];
      assert.equal((await runCommand(AppStop, ['/web'])).stdout, 'Stopping app /web; deployment dep-2\n');
      assert.equal(api.apps[0].instances, 0);
      assert.equal((await runCommand(AppStop, ['/web'])).stdout, 'App /web is already stopped: 0 instances\n');
    });

    it('remove deletes the app, forced when asked', async () => {
      api.apps = [app({ id: '/a/b' })];
      const r = await runCommand(AppRemove, ['/a/b', '--force']);
      assert.equal(r.stdout, 'Removing app /a/b; deployment dep-3\n');
      assert.equal(api.requests.at(-1)?.url, '/v2/apps/a/b?force=true');
    });
  });

  describe('marathon task list', () => {
    it('lists the tasks of one app, or their Marathon objects with --json', async () => {
      api.apps = [app({ id: '/web' })];
      api.tasks = [{ id: 'web.1', appId: '/web', host: '127.0.1.2', ports: [31000], servicePorts: [], slaveId: 'S1', state: 'TASK_RUNNING', stagedAt: '2025-01-01T00:00:00.000Z', version: 'v1', ipAddresses: [] }];
      const r = await runCommand(TaskList, ['/web']);
      assert.match(r.stdout, /^APP\s+HEALTHY\s+STARTED\s+HOST\s+STATE\s+ID\n\/web\s+---\s+---\s+127\.0\.1\.2\s+TASK_RUNNING\s+web\.1\n$/);
      assert.deepEqual(JSON.parse((await runCommand(TaskList, ['--json'])).stdout), api.tasks);
    });
  });

  describe('node list', () => {
    it('prints the agents of /master/state, or the Mesos agent objects with --json', async () => {
      const res = (cpus: number, mem: number) => ({ cpus, mem, disk: 0, ports: '[31000-32000]' });
      api.slaves = [{ id: 'S1', hostname: '127.0.1.2', port: 5051, active: true, status: 'REACHABLE', resources: res(2, 2048), used_resources: res(0.1, 32) }];
      api.frameworks[0].tasks = [{ id: 'web.1', slave_id: 'S1', state: 'TASK_RUNNING' }];
      assert.equal((await runCommand(NodeList, [])).stdout, [
        'HOSTNAME   ID  STATUS   CPUS      MEM  TASKS',
        '127.0.1.2  S1  ACTIVE  0.1/2  32/2048      1',
        '',
      ].join('\n'));
      assert.deepEqual(JSON.parse((await runCommand(NodeList, ['--json'])).stdout), api.slaves);
    });
  });

  describe('without a cluster', () => {
    it('tells how to get one, and exits 3', async () => {
      writeFileSync(join(dcos.dir, 'attached'), '');
      const r = await runCommand(NodeList, []);
      assert.equal(r.exitCode, 3);
      assert.equal(r.stderr, 'Error: no cluster is attached: run `dcos cluster up --local` to start one\n');
    });

    it('reports a refused token with exit code 3', async () => {
      writeFileSync(join(dcos.dir, 'clusters', 'test', 'token'), 'wrong');
      const r = await runCommand(AppList, ['--json']);
      assert.equal(r.exitCode, 3);
      assert.equal(JSON.parse(r.stdout).error.code, 'DCOS_ERR_UNAUTHORIZED');
    });
  });
});
