import assert from 'node:assert/strict';
import { chmodSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../../../src/core/clock.js';
import { BatchedWriter } from '../../../../src/runtime/agent/batched-writer.js';
import { killRecordedTasks } from '../../../../src/runtime/agent/kill-tasks.js';
import { ProcessDriver } from '../../../../src/runtime/agent/process-driver.js';
import { isProcessAlive } from '../../../../src/runtime/agent/proc.js';
import { recoverTasks } from '../../../../src/runtime/agent/task-recovery.js';
import { HEALTH_REASON, TaskRunner } from '../../../../src/runtime/agent/task-runner.js';
import { currentAgentUser, lookUpUser, type AgentUser, type TaskUser } from '../../../../src/runtime/agent/task-user.js';
import { SqliteStateStore } from '../../../../src/runtime/state/sqlite-store.js';
import { killProcessesUnder } from '../../../harness/processes.js';
import { healthCheck } from './health/helpers.js';
import { RecordingUpdates, shellTask, silentLogger, tempDir, waitFor } from './helpers.js';

const FRAMEWORK = 'fw-0000';
const HOST = '127.0.102.3';
const isRoot = process.getuid?.() === 0;

/** A user of this host with a supplementary group (from /etc/group member lists), not root: proves --init-groups. */
async function userWithSupplementaryGroup(): Promise<{ user: TaskUser; gid: number } | undefined> {
  for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
    const [, , gid, members] = line.split(':');
    for (const name of (members ?? '').split(',').filter(Boolean)) {
      const user = name === 'root' ? undefined : await lookUpUser(name);
      if (user && user.gid !== Number(gid)) return { user, gid: Number(gid) };
    }
  }
  return undefined;
}

describe('TaskLaunch.user', function () {
  this.timeout(15_000);
  let dir: string;
  let stores: SqliteStateStore[];
  let drivers: ProcessDriver[];

  const setup = (agentUser?: AgentUser) => {
    const store = new SqliteStateStore(join(dir, 'agent.db'));
    stores.push(store);
    const writer = new BatchedWriter(store, (err) => { throw err; });
    const updates = new RecordingUpdates(writer);
    const driver = new ProcessDriver({ clock: systemClock, logger: silentLogger, pollIntervalMs: 20 });
    drivers.push(driver);
    const runner = new TaskRunner({
      driver, updates, writer, clock: systemClock, logger: silentLogger, sandboxesRoot: join(dir, 'sandboxes'),
      hostname: HOST, agentId: () => 'agent-1-S0', agentUser,
    });
    return { runner, updates, store, driver, writer };
  };
  const terminal = (u: RecordingUpdates, taskId: string) =>
    waitFor(`terminal status of ${taskId}`, () => u.of(taskId).find((s) => ['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST'].includes(s.state)));
  const rootOnly = function (this: Mocha.Context) {
    if (!isRoot) this.skip();
  };

  beforeEach(() => {
    dir = tempDir();
    chmodSync(dir, 0o755); // other users must reach the sandboxes inside
    stores = [];
    drivers = [];
  });
  afterEach(async () => {
    for (const r of drivers) r.stop();
    await killProcessesUnder(dir);
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the task as that user, in a sandbox it owns, with its HOME, USER and LOGNAME', async function () {
    rootOnly.call(this);
    const nobody = (await lookUpUser('nobody'))!;
    const { runner, updates } = setup();
    await runner.launch(FRAMEWORK, [shellTask('as.1', 'echo "$(id -u) $(id -g) $HOME $USER $LOGNAME"', { user: 'nobody' })]);
    const end = await terminal(updates, 'as.1');
    assert.equal(end.state, 'TASK_FINISHED', end.message);
    assert.equal(readFileSync(join(end.sandbox!, 'stdout'), 'utf8'), `${nobody.uid} ${nobody.gid} ${nobody.home} nobody nobody\n`);
    const sandbox = statSync(end.sandbox!);
    assert.deepEqual([sandbox.uid, sandbox.gid], [nobody.uid, nobody.gid]);
    assert.equal(statSync(join(end.sandbox!, 'stdout')).uid, nobody.uid);
  });

  it("keeps the user's supplementary groups", async function () {
    rootOnly.call(this);
    const found = await userWithSupplementaryGroup();
    if (!found) this.skip();
    const { runner, updates } = setup();
    await runner.launch(FRAMEWORK, [shellTask('groups.1', 'id -G', { user: found!.user.name })]);
    const end = await terminal(updates, 'groups.1');
    const groups = readFileSync(join(end.sandbox!, 'stdout'), 'utf8').trim().split(' ').map(Number);
    assert.ok(groups.includes(found!.gid), `${found!.user.name} in group ${found!.gid}: ${groups.join(' ')}`);
  });

  it('fails a task whose user cannot reach the sandbox by its path, naming the directory that stops it', async function () {
    rootOnly.call(this);
    chmodSync(dir, 0o700);
    const { runner, updates } = setup();
    await runner.launch(FRAMEWORK, [shellTask('walled.1', 'true', { user: 'nobody' })]);
    const end = await terminal(updates, 'walled.1');
    assert.equal(end.state, 'TASK_FAILED');
    assert.match(end.message!, new RegExp(`user 'nobody' cannot reach its sandbox on agent .*: ${dir} does not let it pass`));
  });

  it('fails a task whose user does not exist on the agent, saying so', async () => {
    const { runner, updates } = setup();
    await runner.launch(FRAMEWORK, [shellTask('ghost.1', 'true', { user: 'no-such-user-dcos' })]);
    const end = await terminal(updates, 'ghost.1');
    assert.equal(end.state, 'TASK_FAILED');
    assert.equal(end.message, `user 'no-such-user-dcos' does not exist on agent ${HOST}`);
    assert.deepEqual(updates.states('ghost.1'), ['TASK_FAILED']);
  });

  it('fails a task of another user on an agent that does not run as root, naming both users', async () => {
    const { runner, updates } = setup({ uid: 4242, name: 'agentuser' });
    await runner.launch(FRAMEWORK, [shellTask('other.1', 'true', { user: 'nobody' })]);
    const end = await terminal(updates, 'other.1');
    assert.equal(end.state, 'TASK_FAILED');
    assert.match(end.message!, /user 'nobody'.*user 'agentuser', not root/);
  });

  it("just runs a task that names the agent's own user", async () => {
    const me = currentAgentUser();
    const { runner, updates } = setup({ uid: me.uid, name: me.name });
    await runner.launch(FRAMEWORK, [shellTask('self.1', 'id -u', { user: me.name })]);
    const end = await terminal(updates, 'self.1');
    assert.equal(end.state, 'TASK_FINISHED', end.message);
    assert.equal(readFileSync(join(end.sandbox!, 'stdout'), 'utf8'), `${me.uid}\n`);
  });

  it("runs the task's COMMAND health checks as its user", async function () {
    rootOnly.call(this);
    const nobody = (await lookUpUser('nobody'))!;
    const { runner, updates } = setup();
    const check = healthCheck({ protocol: 'COMMAND', command: `test "$(id -u)" = ${nobody.uid} && test "$USER" = nobody`, port: undefined, intervalSeconds: 0.1, gracePeriodSeconds: 0 });
    await runner.launch(FRAMEWORK, [shellTask('checked.1', 'sleep 1000', { user: 'nobody', healthChecks: [check] })]);
    const health = await waitFor('a health update', () => updates.of('checked.1').find((s) => s.reason === HEALTH_REASON));
    assert.equal(health.healthy, true, health.health?.[0].lastFailureCause);
  });

  it('a task of another user is found again after an agent restart, and kill-tasks ends it', async function () {
    rootOnly.call(this);
    const first = setup();
    await first.runner.launch(FRAMEWORK, [shellTask('theirs.1', 'while [ ! -f go ]; do sleep 0.02; done; exit 5', { user: 'nobody' })]);
    await waitFor('TASK_RUNNING', () => first.updates.states('theirs.1').includes('TASK_RUNNING'));
    await first.writer.flush();
    first.driver.stop();

    const second = setup();
    await recoverTasks(second.store, second.runner, silentLogger);
    assert.equal(second.runner.reports()[0]?.state, 'TASK_RUNNING');
    const sandbox = join(dir, 'sandboxes', FRAMEWORK, 'theirs.1');
    writeFileSync(join(sandbox, 'go'), '');
    const end = await terminal(second.updates, 'theirs.1');
    assert.equal(end.exitCode, 5, 'the wrapper, run as the user, recorded its status');

    await second.runner.launch(FRAMEWORK, [shellTask('theirs.2', 'sleep 1000', { user: 'nobody' })]);
    await waitFor('TASK_RUNNING', () => second.updates.states('theirs.2').includes('TASK_RUNNING'));
    await second.writer.flush();
    second.driver.stop();
    const pid = second.runner.get('theirs.2')!.proc!.pid;
    assert.equal(statSync(`/proc/${pid}`).uid, (await lookUpUser('nobody'))!.uid);
    const result = await killRecordedTasks({ workDir: dir, defaultGraceMs: 500 });
    assert.deepEqual(result.ended.map((t) => t.taskId), ['theirs.2']);
    assert.equal(isProcessAlive(pid), false);
  });
});
