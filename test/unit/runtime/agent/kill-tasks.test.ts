import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { killRecordedTasks } from '../../../../src/runtime/agent/kill-tasks.js';
import { readProcStat } from '../../../../src/runtime/agent/proc.js';
import { agentStoreFile, putTaskOp, type TaskRecord } from '../../../../src/runtime/agent/task-record.js';
import { wrapperArgs } from '../../../../src/runtime/agent/wrapper.js';
import { SqliteStateStore } from '../../../../src/runtime/state/sqlite-store.js';
import { eventually, isRunning } from '../../../harness/proc.js';
import { killProcessesUnder } from '../../../harness/processes.js';
import { shellTask, tempDir } from './helpers.js';

const MAIN = resolve('src/runtime/agent/main.ts');

/**
 * `dcos-agent kill-tasks`, what `cluster down` runs on each stopped agent: real task
 * wrappers and process groups, a real agent store, real signals. It must end exactly
 * the recorded tasks and never a process that merely holds a recorded pid now.
 */
describe('dcos-agent kill-tasks', function () {
  this.timeout(20_000);
  let dir: string;
  let others: ChildProcess[];

  beforeEach(() => {
    dir = tempDir('dcos-kill-tasks-');
    others = [];
  });

  afterEach(async () => {
    for (const p of others) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await killProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `argv` under the real task wrapper, as the agent does, and answers its record. */
  const runTask = async (taskId: string, argv: string[], extra: Partial<TaskRecord['launch']> = {}): Promise<TaskRecord> => {
    const sandbox = join(dir, 'work', 'sandboxes', 'fw', taskId);
    mkdirSync(sandbox, { recursive: true });
    const child = spawn('/bin/sh', wrapperArgs(sandbox, argv), { cwd: sandbox, detached: true, stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    child.unref();
    others.push(child);
    return record(taskId, child.pid!, readProcStat(child.pid!)!.startTime, sandbox, extra);
  };
  const record = (taskId: string, pid: number, startTime: string | undefined, sandbox = join(dir, 'none'), extra: Partial<TaskRecord['launch']> = {}): TaskRecord => ({
    taskId, frameworkId: 'fw', launch: shellTask(taskId, 'x', extra), sandbox, state: 'TASK_RUNNING', pid, startTime, createdAt: Date.now(),
  });
  const store = async (records: TaskRecord[]) => {
    mkdirSync(join(dir, 'work'), { recursive: true });
    const s = new SqliteStateStore(agentStoreFile(join(dir, 'work')));
    await s.commit(records.map(putTaskOp));
    await s.close();
  };
  /** Live processes of process group `pgid`, from /proc. */
  const liveMembers = (pgid: number): number[] => readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number)
    .filter((pid) => readProcStat(pid)?.pgid === pgid && isRunning(pid));

  it("ends every recorded task's whole process group with SIGTERM, reading pid and start time from the agent's store", async () => {
    const a = await runTask('a', ['sh', '-c', 'sleep 1031 & sleep 1031; wait']);
    const b = await runTask('b', ['sleep', '1031']);
    await eventually(() => liveMembers(a.pid!).length >= 3, 5_000, "task a's processes");
    await store([a, b]);

    const result = await killRecordedTasks({ workDir: join(dir, 'work') });
    assert.equal(result.recorded, 2);
    assert.deepEqual(result.ended.map((t) => t.taskId).sort(), ['a', 'b']);
    assert.deepEqual(result.killed, [], 'SIGTERM was enough');
    assert.deepEqual(result.left, []);
    assert.deepEqual(liveMembers(a.pid!), []);
    assert.deepEqual(liveMembers(b.pid!), []);
  });

  it("SIGKILLs a task that ignores SIGTERM once its killGracePeriodSeconds has passed, not before", async () => {
    const stubborn = await runTask('stubborn', ['sh', '-c', 'trap "" TERM; sleep 1032'], { killGracePeriodSeconds: 0.4 });
    await eventually(() => liveMembers(stubborn.pid!).length >= 2, 5_000, 'the task to run');
    await store([stubborn]);
    const started = Date.now();
    const result = await killRecordedTasks({ workDir: join(dir, 'work'), defaultGraceMs: 10_000 });
    assert.ok(Date.now() - started >= 400, 'the task had its grace');
    assert.deepEqual(result.killed, ['stubborn']);
    assert.deepEqual(result.ended.map((t) => t.taskId), ['stubborn']);
    assert.deepEqual(liveMembers(stubborn.pid!), []);
  });

  it('never signals a process that holds a recorded pid with another start time (a recycled pid), nor itself', async () => {
    // Someone else's process, leading its own group, now has the pid a record names.
    const stranger = spawn('sleep', ['1033'], { detached: true, stdio: 'ignore' });
    others.push(stranger);
    await new Promise((r) => stranger.once('spawn', r));
    const real = readProcStat(stranger.pid!)!.startTime;
    await store([
      record('recycled', stranger.pid!, String(Number(real) - 1)),
      record('self', process.pid, readProcStat(process.pid)!.startTime),
      record('no start time', stranger.pid!, undefined),
    ]);

    const result = await killRecordedTasks({ workDir: join(dir, 'work'), defaultGraceMs: 200 });
    assert.equal(result.recorded, 3);
    assert.deepEqual(result.ended, []);
    assert.ok(isRunning(stranger.pid!), 'the stranger lives');
  });

  it('runs as `dcos-agent kill-tasks`, printing its result as one JSON line; it spares the process that runs it, whatever the records say', async () => {
    const task = await runTask('t', ['sleep', '1034']);
    await store([task, record('caller', process.pid, readProcStat(process.pid)!.startTime)]);
    const run = (args: string[]) => new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'kill-tasks', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout!.on('data', (d) => { out += String(d); });
      child.stderr!.on('data', (d) => { err += String(d); });
      child.once('exit', (code) => done({ code, out, err }));
    });

    const r = await run(['--work-dir', join(dir, 'work')]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { recorded: 2, ended: [{ taskId: 't', pid: task.pid }], killed: [], left: [] });
    assert.ok(isRunning(process.pid));

    const none = await run(['--work-dir', join(dir, 'no-agent-here')]);
    assert.deepEqual(JSON.parse(none.out), { recorded: 0, ended: [], killed: [], left: [] }, 'a work dir without a store holds no task');
    const bad = await run(['--grace-ms', 'soon']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--work-dir is required\nusage: dcos-agent kill-tasks --work-dir DIR/);
  });
});
