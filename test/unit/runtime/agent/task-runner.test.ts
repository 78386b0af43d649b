import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ManualClock, systemClock, type Clock } from '../../../../src/core/clock.js';
import { BatchedWriter } from '../../../../src/runtime/agent/batched-writer.js';
import { ProcessDriver } from '../../../../src/runtime/agent/process-driver.js';
import { groupMembers, isProcessAlive } from '../../../../src/runtime/agent/proc.js';
import { recoverTasks } from '../../../../src/runtime/agent/task-recovery.js';
import { TaskRunner } from '../../../../src/runtime/agent/task-runner.js';
import { SqliteStateStore } from '../../../../src/runtime/state/sqlite-store.js';
import { killProcessesUnder } from '../../../harness/processes.js';
import { readOrEmpty, RecordingUpdates, shellTask, silentLogger, tempDir, waitFor } from './helpers.js';

const FRAMEWORK = 'fw-0000';

describe('TaskRunner', () => {
  let dir: string;
  let stores: SqliteStateStore[];
  let drivers: ProcessDriver[];

  interface Setup { runner: TaskRunner; updates: RecordingUpdates; store: SqliteStateStore; driver: ProcessDriver; writer: BatchedWriter }

  const setup = (clock: Clock = systemClock, agentEnv: NodeJS.ProcessEnv = process.env): Setup => {
    const store = new SqliteStateStore(join(dir, 'agent.db'));
    stores.push(store);
    const writer = new BatchedWriter(store, (err) => { throw err; });
    const updates = new RecordingUpdates(writer);
    const driver = new ProcessDriver({ clock, logger: silentLogger, pollIntervalMs: 20 });
    drivers.push(driver);
    const runner = new TaskRunner({
      driver, updates, writer, clock, logger: silentLogger, sandboxesRoot: join(dir, 'sandboxes'),
      hostname: '127.0.50.2', agentId: () => 'agent-1-S0', agentEnv,
    });
    return { runner, updates, store, driver, writer };
  };
  const terminal = (u: RecordingUpdates, taskId: string) =>
    waitFor(`terminal status of ${taskId}`, () => u.of(taskId).find((s) => ['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST'].includes(s.state)));

  beforeEach(() => {
    dir = tempDir();
    stores = [];
    drivers = [];
  });
  afterEach(async () => {
    for (const d of drivers) d.stop();
    await killProcessesUnder(dir);
    for (const s of stores) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('spawns nothing it accepted once the agent is stopping; the next agent reports those tasks lost', async () => {
    const first = setup();
    const marker = join(dir, 'spawned');
    await first.runner.launch(FRAMEWORK, [shellTask('late.1', `touch ${marker}; exec sleep 100`)]);
    first.runner.stop();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(readOrEmpty(marker), '', 'no process was started after stop');
    assert.deepEqual(first.updates.states('late.1'), []);
    await first.writer.flush();
    const second = setup();
    await recoverTasks(second.store, second.runner, silentLogger);
    assert.deepEqual(second.updates.states('late.1'), ['TASK_LOST']);
  });

  it('reports TASK_RUNNING, then TASK_FINISHED with exit code 0 when the command succeeds', async () => {
    const { runner, updates } = setup();
    assert.deepEqual(await runner.launch(FRAMEWORK, [shellTask('ok.1', 'echo hello')]), ['ok.1']);
    const end = await terminal(updates, 'ok.1');
    assert.deepEqual(updates.states('ok.1'), ['TASK_RUNNING', 'TASK_FINISHED']);
    assert.equal(end.exitCode, 0);
    assert.equal(end.source, 'SOURCE_EXECUTOR');
    assert.equal(end.agentId, 'agent-1-S0');
    assert.equal(end.hostname, '127.0.50.2');
    assert.equal(end.sandbox, join(dir, 'sandboxes', FRAMEWORK, 'ok.1'));
    assert.equal(readFileSync(join(end.sandbox!, 'stdout'), 'utf8'), 'hello\n');
    assert.ok(updates.of('ok.1').every((s) => typeof s.uuid === 'string' && s.timestamp > 1e9 && s.timestamp < 1e11));
  });

  it('reports TASK_FAILED with the exit code when the command exits non-zero', async () => {
    const { runner, updates } = setup();
    await runner.launch(FRAMEWORK, [shellTask('bad.1', 'echo oops >&2; exit 3')]);
    const end = await terminal(updates, 'bad.1');
    assert.equal(end.state, 'TASK_FAILED');
    assert.equal(end.exitCode, 3);
    assert.equal(end.message, 'Command exited with status 3');
    assert.equal(readFileSync(join(end.sandbox!, 'stderr'), 'utf8'), 'oops\n');
  });

  it('reports TASK_FAILED naming the program when argv names one that does not exist', async () => {
    const { runner, updates } = setup();
    await runner.launch(FRAMEWORK, [{ ...shellTask('argv.1', ''), command: { shell: false, argv: ['no-such-program-xyz', '-v'] } }]);
    const end = await terminal(updates, 'argv.1');
    assert.equal(end.state, 'TASK_FAILED');
    assert.match(end.message ?? '', /no-such-program-xyz.*not found/);
    assert.deepEqual(updates.states('argv.1'), ['TASK_FAILED']);
  });

  it('runs argv commands directly, without a shell', async () => {
    const { runner, updates } = setup();
    await runner.launch(FRAMEWORK, [{ ...shellTask('argv.2', ''), command: { shell: false, argv: ['printf', '%s|', 'a b', '$HOME'] } }]);
    const end = await terminal(updates, 'argv.2');
    assert.equal(readFileSync(join(end.sandbox!, 'stdout'), 'utf8'), 'a b|$HOME|');
  });

  it('gives tasks their env, MESOS_* and PATH/HOME/LANG, but nothing else of the agent env', async () => {
    const { runner, updates } = setup(systemClock, { PATH: process.env.PATH, HOME: '/home/agent', LANG: 'C.UTF-8', AGENT_SECRET: 'leak' });
    await runner.launch(FRAMEWORK, [shellTask('env.1', 'env', { env: { PORT0: '31001', MY_VAR: 'x' } })]);
    const end = await terminal(updates, 'env.1');
    const env = Object.fromEntries(readFileSync(join(end.sandbox!, 'stdout'), 'utf8').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    assert.equal(env.PORT0, '31001');
    assert.equal(env.MY_VAR, 'x');
    assert.equal(env.MESOS_TASK_ID, 'env.1');
    assert.equal(env.MESOS_FRAMEWORK_ID, FRAMEWORK);
    assert.equal(env.MESOS_AGENT_ID, 'agent-1-S0');
    assert.equal(env.MESOS_SANDBOX, end.sandbox);
    assert.equal(env.HOST, '127.0.50.2');
    assert.equal(env.HOME, '/home/agent');
    assert.equal(env.LANG, 'C.UTF-8');
    assert.equal(env.AGENT_SECRET, undefined);
  });

  it("puts the runtime's node at the end of a task's PATH, so a task finds node on a host that has none", async () => {
    const hostPath = '/opt/no-node/bin:/bin';
    const { runner, updates } = setup(systemClock, { PATH: hostPath });
    await runner.launch(FRAMEWORK, [shellTask('path.1', 'echo "$PATH"')]);
    const end = await terminal(updates, 'path.1');
    assert.equal(readFileSync(join(end.sandbox!, 'stdout'), 'utf8').trim(), `${hostPath}:${dirname(process.execPath)}`);
  });

  it('ignores a launch of a task id it already knows', async () => {
    const { runner, updates } = setup();
    await runner.launch(FRAMEWORK, [shellTask('dup.1', 'echo once >> ../count')]);
    assert.deepEqual(await runner.launch(FRAMEWORK, [shellTask('dup.1', 'echo twice >> ../count')]), ['dup.1']);
    await terminal(updates, 'dup.1');
    assert.deepEqual(updates.states('dup.1'), ['TASK_RUNNING', 'TASK_FINISHED']);
    assert.equal(readFileSync(join(dir, 'sandboxes', FRAMEWORK, 'count'), 'utf8'), 'once\n');
  });

  it('kills with SIGTERM, then SIGKILL once the grace period is over, and the whole process tree is gone', async () => {
    const clock = new ManualClock();
    const { runner, updates } = setup(clock);
    const task = shellTask('stubborn.1', 'trap "echo got TERM" TERM; sleep 1000 & echo $! > child.pid; echo ready; while :; do sleep 0.05; done', { killGracePeriodSeconds: 5 });
    await runner.launch(FRAMEWORK, [task]);
    const running = await waitFor('TASK_RUNNING', () => updates.of('stubborn.1').find((s) => s.state === 'TASK_RUNNING'));
    await waitFor('task ready', () => readOrEmpty(join(running.sandbox!, 'stdout')).includes('ready'));
    const pid = runner.get('stubborn.1')!.proc!.pid;
    const child = Number(readFileSync(join(running.sandbox!, 'child.pid'), 'utf8'));

    runner.kill('stubborn.1');
    assert.deepEqual(updates.states('stubborn.1'), ['TASK_RUNNING', 'TASK_KILLING']);
    await waitFor('the task saw SIGTERM', () => readOrEmpty(join(running.sandbox!, 'stdout')).includes('got TERM'));
    assert.ok(isProcessAlive(pid), 'a task that handles TERM lives on until the grace period ends');

    clock.advance(4_999);
    assert.ok(isProcessAlive(pid));
    clock.advance(1);
    const end = await terminal(updates, 'stubborn.1');
    assert.equal(end.state, 'TASK_KILLED');
    assert.equal(isProcessAlive(child), false);
    assert.deepEqual(groupMembers(pid), []);
  });

  it('reports TASK_KILLED with the status of a task that ends on SIGTERM', async () => {
    const { runner, updates } = setup();
    await runner.launch(FRAMEWORK, [shellTask('polite.1', 'exec sleep 1000')]);
    await waitFor('TASK_RUNNING', () => updates.states('polite.1').includes('TASK_RUNNING'));
    runner.kill('polite.1', 30);
    const end = await terminal(updates, 'polite.1');
    assert.deepEqual(updates.states('polite.1'), ['TASK_RUNNING', 'TASK_KILLING', 'TASK_KILLED']);
    assert.equal(end.exitCode, 143);
    assert.match(end.message ?? '', /SIGTERM/);
  });

  it('answers the kill of an unknown task with TASK_LOST so the master can let go of it', () => {
    const { runner, updates } = setup();
    assert.equal(runner.kill('ghost.1', undefined, FRAMEWORK), 'unknown');
    const [lost] = updates.of('ghost.1');
    assert.equal(lost.state, 'TASK_LOST');
    assert.equal(lost.frameworkId, FRAMEWORK);
    assert.equal(lost.reason, 'REASON_TASK_UNKNOWN');
  });

  it('never starts a task killed before it was spawned', async () => {
    const { runner, updates } = setup();
    await runner.launch(FRAMEWORK, [shellTask('early.1', 'touch started')]);
    runner.kill('early.1');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(updates.states('early.1'), ['TASK_KILLED']);
    assert.equal(readOrEmpty(join(dir, 'sandboxes', FRAMEWORK, 'early.1', 'started')), '');
  });

  it('kills every task on killAll and resolves once they are all gone', async () => {
    const { runner, updates } = setup();
    await runner.launch(FRAMEWORK, ['a', 'b', 'c'].map((id) => shellTask(`all.${id}`, 'sleep 1000', { killGracePeriodSeconds: 0 })));
    await waitFor('all running', () => ['a', 'b', 'c'].every((id) => updates.states(`all.${id}`).includes('TASK_RUNNING')));
    await runner.killAll();
    for (const id of ['a', 'b', 'c']) assert.equal(updates.last(`all.${id}`)?.state, 'TASK_KILLED');
  });

  it('takes over a running task from its records after an agent restart and still reports its end', async () => {
    const first = setup();
    await first.runner.launch(FRAMEWORK, [shellTask('survivor.1', 'while [ ! -f go ]; do sleep 0.02; done; exit 4')]);
    await waitFor('TASK_RUNNING', () => first.updates.states('survivor.1').includes('TASK_RUNNING'));
    await first.writer.flush();
    first.driver.stop(); // the agent "dies": nobody listens to the child any more

    const second = setup();
    assert.equal(await recoverTasks(second.store, second.runner, silentLogger), 1);
    assert.deepEqual(second.updates.states('survivor.1'), [], 'a task still running needs no new update');
    assert.equal(second.runner.reports()[0]?.state, 'TASK_RUNNING');
    writeFileSync(join(dir, 'sandboxes', FRAMEWORK, 'survivor.1', 'go'), '');
    const end = await terminal(second.updates, 'survivor.1');
    assert.equal(end.state, 'TASK_FAILED');
    assert.equal(end.exitCode, 4);
  });

  it('reports the end of a task that exited while the agent was down', async () => {
    const first = setup();
    await first.runner.launch(FRAMEWORK, [shellTask('quick.1', 'while [ ! -f go ]; do sleep 0.02; done')]);
    await waitFor('TASK_RUNNING', () => first.updates.states('quick.1').includes('TASK_RUNNING'));
    await first.writer.flush();
    first.driver.stop();
    const sandbox = join(dir, 'sandboxes', FRAMEWORK, 'quick.1');
    writeFileSync(join(sandbox, 'go'), '');
    await waitFor('exit recorded', () => readOrEmpty(join(sandbox, 'exit_status')) !== '');
    await waitFor('wrapper gone', () => !isProcessAlive(first.runner.get('quick.1')!.proc!.pid));

    const second = setup();
    await recoverTasks(second.store, second.runner, silentLogger);
    assert.deepEqual(second.updates.states('quick.1'), ['TASK_FINISHED']);
  });

  it('reports TASK_LOST for a task whose processes were SIGKILLed by someone else while the agent was down', async () => {
    const first = setup();
    await first.runner.launch(FRAMEWORK, [shellTask('victim.1', 'sleep 1000')]);
    await waitFor('TASK_RUNNING', () => first.updates.states('victim.1').includes('TASK_RUNNING'));
    await first.writer.flush();
    first.driver.stop();
    const pid = first.runner.get('victim.1')!.proc!.pid;
    process.kill(-pid, 'SIGKILL');
    await waitFor('wrapper gone', () => !isProcessAlive(pid));

    const second = setup();
    await recoverTasks(second.store, second.runner, silentLogger);
    assert.equal(second.updates.last('victim.1')?.state, 'TASK_LOST');
  });

  it('forgets a finished task once the master acknowledged its end', async () => {
    const { runner, updates, store, writer } = setup();
    await runner.launch(FRAMEWORK, [shellTask('done.1', 'true')]);
    const end = await terminal(updates, 'done.1');
    runner.acknowledged([end]);
    await writer.flush();
    assert.equal(runner.get('done.1'), undefined);
    assert.equal(await store.get('tasks/done.1'), undefined);
  });
});
