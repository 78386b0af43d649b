import assert from 'node:assert/strict';
import TaskKill from '../../../src/commands/marathon/task/kill.js';
import TaskList from '../../../src/commands/marathon/task/list.js';
import TaskShow from '../../../src/commands/marathon/task/show.js';
import TaskStop from '../../../src/commands/marathon/task/stop.js';
import { eventually } from '../../harness/proc.js';
import { clusterPerSuite, runCommand } from './harness.js';

const SLEEP = 'exec sleep 1000';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** The task commands against one real master and agent (127.0.104.31-32). */
describe('marathon task commands', () => {
  const cluster = clusterPerSuite({ masterHost: '127.0.104.31', agentHosts: ['127.0.104.32'] });
  const taskIds = async (appId: string) => (await cluster().marathon.listTasks(appId)).map((t) => t.id).sort();
  /** Waits until the app runs `n` tasks, none of them one of `gone`. */
  const replaced = (appId: string, n: number, gone: string[]) => eventually(async () => {
    const ids = await taskIds(appId);
    return ids.length === n && ids.every((id) => !gone.includes(id)) && (await cluster().marathon.getApp(appId)).tasksRunning === n;
  }, 15_000, `${appId} to run ${n} new task(s)`);

  it('list shows whether each task passes its health checks: True, False, or --- without checks', async () => {
    // no grace period: a failure counts at once; maxConsecutiveFailures 0: a failing task is never killed
    const check = (value: string) => [{ protocol: 'COMMAND', command: { value }, delaySeconds: 0, intervalSeconds: 1, gracePeriodSeconds: 0, maxConsecutiveFailures: 0 }];
    await cluster().addApp({ id: '/unchecked', cmd: SLEEP });
    await cluster().addApp({ id: '/healthy', cmd: SLEEP, healthChecks: check('true') });
    // never healthy, so its deployment never ends: do not wait for it
    await cluster().marathon.createApp({ id: '/sick', cmd: SLEEP, cpus: 0.01, mem: 8, healthChecks: check('false') });
    await eventually(async () => (await cluster().marathon.listTasks()).filter((t) => t.healthCheckResults?.length).length === 2, 15_000, 'both health checks to report');
    const health = async (appId: string) => {
      const r = await runCommand(TaskList, [appId]);
      assert.equal(r.exitCode, 0, r.stderr);
      const [header, row, ...rest] = r.stdout.split('\n');
      assert.deepEqual(rest, ['']);
      return row.slice(header.indexOf('HEALTHY')).split(/\s+/)[0];
    };
    assert.equal(await health('/healthy'), 'True');
    assert.equal(await health('/sick'), 'False');
    assert.equal(await health('/unchecked'), '---');
    const [sick] = JSON.parse((await runCommand(TaskList, ['/sick', '--json'])).stdout);
    assert.equal(sick.healthCheckResults[0].alive, false);
    for (const id of ['/unchecked', '/healthy', '/sick']) await cluster().marathon.removeApp(id, { force: true });
  });

  it('show prints the task as JSON; an unknown task is an error with exit code 1', async () => {
    await cluster().addApp({ id: '/shown', cmd: SLEEP });
    const [task] = await cluster().marathon.listTasks('/shown');
    assert.deepEqual(JSON.parse((await runCommand(TaskShow, [task.id])).stdout), task);
    assert.deepEqual(await runCommand(TaskShow, ['shown.nope']), { stdout: '', exitCode: 1, stderr: "Error: Task 'shown.nope' does not exist\n" });
  });

  it('kill kills the tasks named, which Marathon replaces', async () => {
    await cluster().addApp({ id: '/killed', cmd: SLEEP, instances: 2 });
    const ids = await taskIds('/killed');
    const r = await runCommand(TaskKill, ids);
    assert.equal(r.exitCode, 0, r.stderr);
    const [, killed] = /^Killed 2 tasks: (.*)\n$/.exec(r.stdout) ?? [];
    assert.deepEqual(killed?.split(', ').sort(), ids);
    await replaced('/killed', 2, ids);
  });

  it('kill --scale kills the tasks and scales their apps down by them in one deployment', async () => {
    await cluster().addApp({ id: '/killed-scale', cmd: SLEEP, instances: 3 });
    const [first] = await taskIds('/killed-scale');
    const r = await runCommand(TaskKill, [first, '--scale']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^Killing the task and scaling down; deployment ${UUID}\n$`));
    const app = await cluster().waitForRunning('/killed-scale', 2);
    assert.equal(app.instances, 2);
    assert.equal((await taskIds('/killed-scale')).includes(first), false);
  });

  it('kill refuses --wipe with --scale, --force without it (exit 2), --wipe on a cluster without volumes, and ids that name no task', async () => {
    await cluster().addApp({ id: '/kept', cmd: SLEEP });
    const ids = await taskIds('/kept');
    assert.deepEqual(await runCommand(TaskKill, [ids[0], '--scale', '--wipe']), { stdout: '', exitCode: 2, stderr: 'Error: --wipe applies only without --scale\n' });
    assert.deepEqual(await runCommand(TaskKill, [ids[0], '--force']), { stdout: '', exitCode: 2, stderr: 'Error: --force applies only with --scale\n' });
    const wipe = await runCommand(TaskKill, [ids[0], '--wipe']);
    assert.notEqual(wipe.exitCode, 0);
    assert.match(wipe.stderr, /wipe=true .* this cluster has none/);
    const unknown = await runCommand(TaskKill, ['kept.nope']);
    assert.notEqual(unknown.exitCode, 0);
    assert.match(unknown.stderr, /kept\.nope/);
    assert.deepEqual(await taskIds('/kept'), ids);
  });

  it('stop kills one task, which Marathon replaces; --json prints the task killed', async () => {
    await cluster().addApp({ id: '/stopped', cmd: SLEEP });
    const [id] = await taskIds('/stopped');
    const r = await runCommand(TaskStop, [id, '--json']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).id, id);
    await replaced('/stopped', 1, [id]);
    const [next] = await taskIds('/stopped');
    assert.equal((await runCommand(TaskStop, [next])).stdout, `Killed task ${next}\n`);
    // let the replacement launch before the suite stops the cluster: a launch still in flight then outlives it
    await replaced('/stopped', 1, [next]);
  });
});
