import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AppAdd from '../../../src/commands/marathon/app/add.js';
import AppList from '../../../src/commands/marathon/app/list.js';
import AppRemove from '../../../src/commands/marathon/app/remove.js';
import AppShow from '../../../src/commands/marathon/app/show.js';
import AppStart from '../../../src/commands/marathon/app/start.js';
import AppStop from '../../../src/commands/marathon/app/stop.js';
import TaskList from '../../../src/commands/marathon/task/list.js';
import NodeList from '../../../src/commands/node/list.js';
import { isDcosError } from '../../../src/cli/errors.js';
import { ErrorCodes } from '../../../src/core/errors.js';
import { eventually } from '../../harness/proc.js';
import { freshClusterPerTest, runCommand } from './harness.js';

/** The commands against a real master and one real agent (in this process, on 127.0.70.1-2). */
describe('marathon and node commands', () => {
  const cluster = freshClusterPerTest({ masterHost: '127.0.70.1', agentHosts: ['127.0.70.2'] });
  const SLEEP = 'exec sleep 1000';
  const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

  const definitionFile = (name: string, content: string): string => {
    const file = join(cluster().dir, name);
    writeFileSync(file, content);
    return file;
  };

  describe('marathon app list', () => {
    it('prints the apps as a table', async () => {
      await cluster().addApp({ id: '/web', cmd: SLEEP, cpus: 0.1, mem: 32 });
      // more memory than the agent has: its deployment waits, starting nothing
      await cluster().marathon.createApp({ id: '/db', cmd: SLEEP, cpus: 0.1, mem: 4096, instances: 2 });
      const r = await runCommand(AppList, []);
      assert.equal(r.exitCode, 0);
      assert.equal(r.stdout, [
        'ID     MEM  CPUS  TASKS  HEALTH  DEPLOYMENT  CMD',
        '/db   4096   0.1    0/2  ---     scale       exec sleep 1000',
        '/web    32   0.1    1/1  ---     ---         exec sleep 1000',
        '',
      ].join('\n'));
    });

    it('prints the Marathon app objects with --json, and only the ids with -q', async () => {
      await cluster().addApp({ id: '/web', cmd: SLEEP });
      assert.deepEqual(JSON.parse((await runCommand(AppList, ['--json'])).stdout), await cluster().marathon.listApps());
      assert.equal((await runCommand(AppList, ['-q'])).stdout, '/web\n');
    });

    it('is also `dcos app list`', () => {
      assert.deepEqual(AppList.aliases, ['app:list']);
    });
  });

  describe('marathon app add', () => {
    it('creates the app defined in a file, names it and its deployment, and the app then runs', async () => {
      const file = definitionFile('web.json', JSON.stringify({ id: '/web', cmd: SLEEP, cpus: 0.01, mem: 8 }));
      const r = await runCommand(AppAdd, [file]);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Created app /web; deployment ${UUID}\n$`));
      const app = await cluster().waitForRunning('/web', 1);
      assert.equal(app.cmd, SLEEP);
    });

    it('lists every validation problem of a 422, one `  <path>: <errors>` line each, exits 2 and creates nothing', async () => {
      const file = definitionFile('bad.json', JSON.stringify({ id: '/Web', cpus: 0 }));
      const r = await runCommand(AppAdd, [file]);
      assert.equal(r.exitCode, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, [
        'Error: POST /v2/apps: Object is not valid',
        '  /cpus: must be 0.001 or more',
        '  /id: path contains invalid characters (allowed: lowercase letters, digits, hyphens, "." and "/"; each segment starts and ends with a letter or digit): "/Web"',
        "  /: AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'. Give 'cmd', 'args', or a container with docker.image",
        '',
      ].join('\n'));
      assert.deepEqual(await cluster().marathon.listApps(), []);
    });

    it('with --json, answers a 422 with the error object on stdout', async () => {
      const file = definitionFile('bad.json', '{"id":"/x"}');
      const r = await runCommand(AppAdd, [file, '--json']);
      assert.equal(r.exitCode, 2);
      assert.equal(r.stderr, '');
      assert.deepEqual(JSON.parse(r.stdout), {
        error: {
          code: 'DCOS_ERR_INVALID_DEFINITION',
          message: 'POST /v2/apps: Object is not valid',
          details: [{ path: '/', errors: ["AppDefinition must either contain one of 'cmd' or 'args', and/or a 'container'. Give 'cmd', 'args', or a container with docker.image"] }],
        },
      });
    });

    it('names the file when it is not JSON, and creates nothing', async () => {
      const file = definitionFile('broken.json', '{"id": "/web",');
      const r = await runCommand(AppAdd, [file]);
      assert.equal(r.exitCode, 2);
      assert.match(r.stderr, new RegExp(`^Error: the app definition on ${file} is not valid JSON: `));
      assert.deepEqual(await cluster().marathon.listApps(), []);
    });
  });

  describe('marathon app show / start / stop / remove', () => {
    it('show prints the app with its tasks as JSON; an unknown app is an error with exit code 1', async () => {
      await cluster().addApp({ id: '/web', cmd: SLEEP });
      const shown = JSON.parse((await runCommand(AppShow, ['/web'])).stdout);
      assert.equal(shown.id, '/web');
      assert.deepEqual(shown.tasks.map((t: { id: string }) => t.id), (await cluster().marathon.listTasks('/web')).map((t) => t.id));
      const r = await runCommand(AppShow, ['/nope']);
      assert.equal(r.exitCode, 1);
      assert.equal(r.stderr, "Error: GET /v2/apps/nope: App '/nope' does not exist\n");
    });

    it('start scales a stopped app to 1 instance, or to N, and the tasks run', async () => {
      await cluster().addApp({ id: '/web', cmd: SLEEP, instances: 0 });
      assert.match((await runCommand(AppStart, ['/web'])).stdout, new RegExp(`^Scaling app /web to 1; deployment ${UUID}\n$`));
      await cluster().waitForRunning('/web', 1);
      assert.match((await runCommand(AppStart, ['/web', '3', '--force'])).stdout, new RegExp(`^Scaling app /web to 3; deployment ${UUID}\n$`));
      const app = await cluster().waitForRunning('/web', 3);
      assert.equal(app.instances, 3);
    });

    it('start leaves an app that already runs alone', async () => {
      const before = await cluster().addApp({ id: '/web', cmd: SLEEP, instances: 2 });
      const r = await runCommand(AppStart, ['/web']);
      assert.equal(r.stdout, 'App /web is already started: 2 instances\n');
      const after = await cluster().marathon.getApp('/web');
      assert.equal(after.version, before.version);
      assert.deepEqual(after.deployments, []);
    });

    it('stop scales to 0 instances, ending the tasks', async () => {
      await cluster().addApp({ id: '/web', cmd: SLEEP, instances: 2 });
      assert.match((await runCommand(AppStop, ['/web'])).stdout, new RegExp(`^Stopping app /web; deployment ${UUID}\n$`));
      assert.equal((await cluster().marathon.getApp('/web')).instances, 0);
      await cluster().waitForRunning('/web', 0);
      assert.equal((await runCommand(AppStop, ['/web'])).stdout, 'App /web is already stopped: 0 instances\n');
    });

    it('remove deletes the app and ends its tasks, forced when asked', async () => {
      await cluster().addApp({ id: '/a/b', cmd: SLEEP });
      const r = await runCommand(AppRemove, ['/a/b', '--force']);
      assert.match(r.stdout, new RegExp(`^Removing app /a/b; deployment ${UUID}\n$`));
      await eventually(async () => (await cluster().marathon.listApps()).length === 0, 10_000, '/a/b to be removed');
      await eventually(async () => (await cluster().marathon.listTasks()).length === 0, 10_000, 'its task to end');
      await assert.rejects(cluster().marathon.getApp('/a/b'), (err) => isDcosError(err, ErrorCodes.NOT_FOUND));
    });
  });

  describe('marathon task list', () => {
    it('lists the tasks of one app, or their Marathon objects with --json', async () => {
      await cluster().addApp({ id: '/web', cmd: SLEEP });
      await cluster().addApp({ id: '/other', cmd: SLEEP });
      const [task] = await cluster().marathon.listTasks('/web');
      const r = await runCommand(TaskList, ['/web']);
      assert.equal(r.exitCode, 0);
      assert.match(r.stdout, new RegExp(`^APP\\s+HEALTHY\\s+STARTED\\s+HOST\\s+STATE\\s+ID\\n/web\\s+---\\s+${task.startedAt}\\s+127\\.0\\.70\\.2\\s+TASK_RUNNING\\s+${task.id.replaceAll('.', '\\.')}\\n$`));
      const all = JSON.parse((await runCommand(TaskList, ['--json'])).stdout);
      assert.deepEqual(all, await cluster().marathon.listTasks());
      assert.deepEqual(all.map((t: { appId: string }) => t.appId).sort(), ['/other', '/web']);
    });
  });

  describe('node list', () => {
    it('prints the agents of /master/state with what their tasks use, or the Mesos agent objects with --json', async () => {
      await cluster().addApp({ id: '/web', cmd: SLEEP, cpus: 0.1, mem: 32 });
      const id = cluster().agents[0].id;
      const pad = ' '.repeat(id.length - 2);
      assert.equal((await runCommand(NodeList, [])).stdout, [
        `HOSTNAME    ID${pad}  STATUS   CPUS      MEM  TASKS`,
        `127.0.70.2  ${id}  ACTIVE  0.1/2  32/2048      1`,
        '',
      ].join('\n'));
      assert.deepEqual(JSON.parse((await runCommand(NodeList, ['--json'])).stdout), (await cluster().masterApi.state()).slaves);
    });
  });

  describe('without a cluster', () => {
    it('tells how to get one, and exits 3', async () => {
      writeFileSync(join(cluster().dcosDir, 'attached'), '');
      const r = await runCommand(NodeList, []);
      assert.equal(r.exitCode, 3);
      assert.equal(r.stderr, 'Error: no cluster is attached: run `dcos cluster up --local` to start one\n');
    });

    it('reports a token the master refuses with exit code 3', async () => {
      writeFileSync(join(cluster().dcosDir, 'clusters', 'test', 'token'), 'wrong');
      const r = await runCommand(AppList, ['--json']);
      assert.equal(r.exitCode, 3);
      assert.equal(JSON.parse(r.stdout).error.code, 'DCOS_ERR_UNAUTHORIZED');
    });
  });
});
