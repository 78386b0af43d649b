import assert from 'node:assert/strict';
import AppKill from '../../../src/commands/marathon/app/kill.js';
import AppRestart from '../../../src/commands/marathon/app/restart.js';
import AppShow from '../../../src/commands/marathon/app/show.js';
import AppUpdate from '../../../src/commands/marathon/app/update.js';
import AppVersionList from '../../../src/commands/marathon/app/version/list.js';
import { eventually } from '../../harness/proc.js';
import { clusterPerSuite, runCommand, withStdin } from './harness.js';

const SLEEP = 'exec sleep 1000';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The app commands against one real master and agent (127.0.104.1-2); each test has its own apps. */
describe('marathon app commands', () => {
  const cluster = clusterPerSuite({ masterHost: '127.0.104.1', agentHosts: ['127.0.104.2'] });
  const taskIds = async (appId: string) => (await cluster().marathon.listTasks(appId)).map((t) => t.id).sort();

  describe('marathon app show --app-version', () => {
    it('shows the definition of the version before the current one with -1, and of any version by its timestamp', async () => {
      await cluster().addApp({ id: '/shown', cmd: 'exec sleep 1001' });
      await cluster().marathon.updateApp('/shown', { cmd: 'exec sleep 1002' });
      await cluster().waitForRunning('/shown', 1);
      const [current, previous] = await cluster().marathon.appVersions('/shown');

      for (const argv of [['/shown', '--app-version', '-1'], ['/shown', '--app-version=-1'], ['/shown', '--app-version', previous]]) {
        const r = await runCommand(AppShow, argv);
        assert.equal(r.exitCode, 0, r.stderr);
        const shown = JSON.parse(r.stdout);
        assert.equal(shown.cmd, 'exec sleep 1001', argv.join(' '));
        assert.equal(shown.version, previous);
      }
      assert.equal(JSON.parse((await runCommand(AppShow, ['/shown'])).stdout).version, current);
    });

    it('refuses a relative version that is not negative (exit 2) and one older than the first version (exit 1)', async () => {
      await cluster().addApp({ id: '/shown-once', cmd: SLEEP });
      assert.deepEqual(await runCommand(AppShow, ['/shown-once', '--app-version', '1']), {
        stdout: '', exitCode: 2,
        stderr: 'Error: --app-version 1: a relative version must be negative (-1 is the version before the current one)\n',
      });
      assert.deepEqual(await runCommand(AppShow, ['/shown-once', '--app-version', '-1']), {
        stdout: '', exitCode: 1, stderr: 'Error: app /shown-once has 1 version: --app-version -1 names none\n',
      });
      const unknown = await runCommand(AppShow, ['/shown-once', '--app-version', '2001-01-01T00:00:00.000Z']);
      assert.equal(unknown.exitCode, 1);
      assert.match(unknown.stderr, /^Error: GET \/v2\/apps\/shown-once\/versions\/2001-01-01T00:00:00\.000Z: App '\/shown-once' does not exist in version 2001-01-01T00:00:00\.000Z\n$/);
    });
  });

  describe('marathon app version list', () => {
    it('prints the versions newest first, one a line, at most --max-count, or as a JSON array', async () => {
      await cluster().addApp({ id: '/versioned', cmd: SLEEP, instances: 0 });
      await cluster().marathon.updateApp('/versioned', { cmd: 'exec sleep 1001' });
      await cluster().waitForRunning('/versioned', 0);
      const versions = await cluster().marathon.appVersions('/versioned');
      assert.equal(versions.length, 2);
      assert.ok(versions[0] > versions[1], 'newest first');
      assert.equal((await runCommand(AppVersionList, ['/versioned'])).stdout, `${versions[0]}\n${versions[1]}\n`);
      assert.equal((await runCommand(AppVersionList, ['/versioned', '--max-count', '1'])).stdout, `${versions[0]}\n`);
      assert.deepEqual(JSON.parse((await runCommand(AppVersionList, ['/versioned', '--json'])).stdout), versions);
      assert.equal((await runCommand(AppVersionList, ['/versioned', '--max-count', '0'])).exitCode, 2);
      assert.equal((await runCommand(AppVersionList, ['/nope'])).exitCode, 1);
    });
  });

  describe('marathon app update', () => {
    it('changes the fields given as key=value, a value read as JSON when it parses and as a string otherwise', async () => {
      await cluster().addApp({ id: '/updated', cmd: SLEEP, labels: { keep: 'me' } });
      const r = await runCommand(AppUpdate, ['/updated', 'instances=2', 'cmd=exec sleep 1001', 'env={"A":"b"}', 'user=null', "backoffSeconds='2'"]);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Updating app /updated; deployment ${UUID}\n$`));
      const app = await cluster().waitForRunning('/updated', 2);
      assert.equal(app.cmd, 'exec sleep 1001');
      assert.deepEqual(app.env, { A: 'b' });
      assert.equal(app.user, null);
      assert.equal(app.backoffSeconds, 2);
      assert.deepEqual(app.labels, { keep: 'me' }, 'the fields not given stay');
    });

    it('reads the change as JSON on stdin when no property is given, and prints the deployment with --json', async () => {
      await cluster().addApp({ id: '/updated-stdin', cmd: SLEEP });
      const r = await withStdin('{"instances": 0}', () => runCommand(AppUpdate, ['/updated-stdin', '--json']));
      assert.equal(r.exitCode, 0, r.stderr);
      assert.deepEqual(Object.keys(JSON.parse(r.stdout)).sort(), ['deploymentId', 'version']);
      await cluster().waitForRunning('/updated-stdin', 0);
    });

    it('refuses a property without a key or given twice (exit 2), and an app that does not exist (exit 1) without creating it', async () => {
      assert.deepEqual(await runCommand(AppUpdate, ['/nope', 'instances']), {
        stdout: '', exitCode: 2, stderr: 'Error: "instances" is not a property: give key=value, e.g. instances=3\n',
      });
      assert.deepEqual(await runCommand(AppUpdate, ['/nope', 'cpus=1', 'cpus=2']), { stdout: '', exitCode: 2, stderr: 'Error: property cpus is given more than once\n' });
      assert.deepEqual(await runCommand(AppUpdate, ['/nope', 'instances=1']), { stdout: '', exitCode: 1, stderr: "Error: GET /v2/apps/nope: App '/nope' does not exist\n" });
      assert.equal((await cluster().marathon.listApps()).some((a) => a.id === '/nope'), false);
    });

    it('lists every problem of a 422 with its path (exit 2), and the app stays as it was', async () => {
      const before = await cluster().addApp({ id: '/updated-bad', cmd: SLEEP });
      const r = await runCommand(AppUpdate, ['/updated-bad', 'cpus=0', 'mem=-1']);
      assert.equal(r.exitCode, 2);
      assert.equal(r.stderr, [
        'Error: PUT /v2/apps/updated-bad: Object is not valid',
        '  /cpus: must be 0.001 or more',
        '  /mem: must be 0 or more',
        '',
      ].join('\n'));
      assert.equal((await cluster().marathon.getApp('/updated-bad')).version, before.version);
    });

    it('names the deployments that lock the app on a 409 (exit 1), and overrides them with --force', async () => {
      // more memory than the agent has: the deployment waits, and holds the lock
      const created = await cluster().marathon.createApp({ id: '/locked', cmd: SLEEP, cpus: 0.01, mem: 4096 });
      const lock = created.deployments[0].id;
      const r = await runCommand(AppUpdate, ['/locked', 'mem=8']);
      assert.equal(r.exitCode, 1);
      assert.equal(r.stderr, [
        `Error: PUT /v2/apps/locked: App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/${lock}'.`,
        `  locked by deployment ${lock}`,
        '',
      ].join('\n'));
      const json = await runCommand(AppUpdate, ['/locked', 'mem=8', '--json']);
      assert.deepEqual(JSON.parse(json.stdout).error.deployments, [{ id: lock }]);
      const forced = await runCommand(AppUpdate, ['/locked', 'mem=8', '--force', '--json']);
      assert.equal(forced.exitCode, 0, forced.stderr);
      const { deploymentId } = JSON.parse(forced.stdout);
      const cancelled = await cluster().marathon.getDeployment(lock);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.reason, `cancelled: superseded by deployment ${deploymentId} (force)`);
      assert.equal((await cluster().marathon.getApp('/locked')).mem, 8);
    });
  });

  describe('marathon app restart', () => {
    it('replaces every task in a deployment', async () => {
      await cluster().addApp({ id: '/restarted', cmd: SLEEP });
      const before = await taskIds('/restarted');
      const r = await runCommand(AppRestart, ['/restarted']);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Restarting app /restarted; deployment ${UUID}\n$`));
      await eventually(async () => {
        const now = await taskIds('/restarted');
        return now.length === 1 && now[0] !== before[0] && (await cluster().marathon.getApp('/restarted')).deployments.length === 0;
      }, 15_000, 'the task to be replaced');
    });

    it('refuses an app with no instances (exit 1) and one that does not exist (exit 1)', async () => {
      await cluster().addApp({ id: '/restarted-none', cmd: SLEEP, instances: 0 });
      assert.deepEqual(await runCommand(AppRestart, ['/restarted-none']), {
        stdout: '', exitCode: 1, stderr: 'Error: app /restarted-none has no instances to restart: start it with `dcos marathon app start /restarted-none`\n',
      });
      assert.equal((await runCommand(AppRestart, ['/nope'])).exitCode, 1);
    });
  });

  describe('marathon app kill', () => {
    it('kills the tasks, which Marathon replaces', async () => {
      await cluster().addApp({ id: '/killed', cmd: SLEEP, instances: 2 });
      const before = await taskIds('/killed');
      const r = await runCommand(AppKill, ['/killed']);
      assert.equal(r.exitCode, 0, r.stderr);
      const [, killed] = /^Killed 2 tasks: (.*)\n$/.exec(r.stdout) ?? [];
      assert.deepEqual(killed?.split(', ').sort(), before);
      await eventually(async () => {
        const now = await taskIds('/killed');
        return now.length === 2 && now.every((id) => !before.includes(id)) && (await cluster().marathon.getApp('/killed')).tasksRunning === 2;
      }, 15_000, 'two replacements to run');
    });

    it('only on --host, and fails (exit 1) when no task runs there', async () => {
      await cluster().addApp({ id: '/killed-host', cmd: SLEEP });
      assert.deepEqual(await runCommand(AppKill, ['/killed-host', '--host', '127.0.104.99']), {
        stdout: '', exitCode: 1, stderr: 'Error: app /killed-host has no tasks on 127.0.104.99 to kill\n',
      });
      const [task] = await cluster().marathon.listTasks('/killed-host');
      const r = await runCommand(AppKill, ['/killed-host', '--host', '127.0.104.2', '--json']);
      assert.deepEqual(JSON.parse(r.stdout).map((t: { id: string }) => t.id), [task.id]);
    });

    it('with --scale, kills the tasks and scales the app down by them in one deployment', async () => {
      await cluster().addApp({ id: '/killed-scale', cmd: SLEEP, instances: 2 });
      const r = await runCommand(AppKill, ['/killed-scale', '--scale']);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^Killing the tasks of /killed-scale and scaling it down; deployment ${UUID}\n$`));
      const app = await cluster().waitForRunning('/killed-scale', 0);
      assert.equal(app.instances, 0);
    });
  });
});
