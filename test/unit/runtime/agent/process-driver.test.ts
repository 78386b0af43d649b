import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../../../../src/core/clock.js';
import { ProcessDriver } from '../../../../src/runtime/agent/process-driver.js';
import { groupMembers, isProcessAlive } from '../../../../src/runtime/agent/proc.js';
import type { TaskExit } from '../../../../src/runtime/agent/task-driver.js';
import { killProcessesUnder } from '../../../harness/processes.js';
import { readOrEmpty, silentLogger, tempDir, waitFor } from './helpers.js';

describe('ProcessDriver', () => {
  let dir: string;
  let drivers: ProcessDriver[];
  let n = 0;

  const driver = (): ProcessDriver => {
    const d = new ProcessDriver({ clock: systemClock, logger: silentLogger, pollIntervalMs: 20 });
    drivers.push(d);
    return d;
  };
  const sandbox = (): string => {
    const sb = join(dir, `task-${n++}`);
    mkdirSync(sb);
    return sb;
  };
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const exits = () => {
    const seen: TaskExit[] = [];
    return { seen, onExit: (e: TaskExit) => seen.push(e), next: () => waitFor('task exit', () => seen[0]) };
  };

  beforeEach(() => {
    dir = tempDir();
    drivers = [];
  });
  afterEach(async () => {
    for (const d of drivers) d.stop();
    await killProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the command in its sandbox with stdout and stderr in the sandbox files', async () => {
    const sb = sandbox();
    const e = exits();
    await driver().launch({ sandbox: sb, argv: ['/bin/sh', '-c', 'echo out; echo err >&2; pwd'], env }, e.onExit);
    assert.equal((await e.next()).exitStatus, 0);
    assert.equal(readFileSync(join(sb, 'stdout'), 'utf8'), `out\n${sb}\n`);
    assert.equal(readFileSync(join(sb, 'stderr'), 'utf8'), 'err\n');
  });

  it('gives the task exactly the environment it was launched with', async () => {
    const sb = sandbox();
    const e = exits();
    await driver().launch({ sandbox: sb, argv: ['/bin/sh', '-c', 'env'], env: { ...env, ONLY_THIS: 'yes' } }, e.onExit);
    await e.next();
    const lines = readFileSync(join(sb, 'stdout'), 'utf8').split('\n');
    assert.ok(lines.includes('ONLY_THIS=yes'));
    assert.ok(!lines.some((l) => l.startsWith('HOME=')), 'HOME was not given, so the task must not have it');
  });

  it('reports the exit status the wrapper recorded', async () => {
    const e = exits();
    await driver().launch({ sandbox: sandbox(), argv: ['/bin/sh', '-c', 'exit 7'], env }, e.onExit);
    assert.deepEqual(await e.next(), { exitStatus: 7, leaderSignal: undefined });
  });

  it('runs a program named like a shell builtin as a program, not inside the wrapper', async () => {
    const e = exits();
    await driver().launch({ sandbox: sandbox(), argv: ['exit', '3'], env }, e.onExit);
    assert.equal((await e.next()).exitStatus, 127);
  });

  it('records the real status of a task that handles SIGTERM, since the wrapper survives the TERM', async () => {
    const sb = sandbox();
    const e = exits();
    const d = driver();
    const proc = await d.launch({ sandbox: sb, argv: ['/bin/sh', '-c', 'trap "echo bye; exit 42" TERM; echo ready; while :; do sleep 0.05; done'], env }, e.onExit);
    await waitFor('task ready', () => readOrEmpty(join(sb, 'stdout')).includes('ready'));
    assert.ok(d.signal(proc, 'SIGTERM'));
    assert.equal((await e.next()).exitStatus, 42);
    assert.match(readFileSync(join(sb, 'stdout'), 'utf8'), /bye/);
  });

  it('reports no status and the signal when the whole group is SIGKILLed', async () => {
    const e = exits();
    const d = driver();
    const proc = await d.launch({ sandbox: sandbox(), argv: ['sleep', '30'], env }, e.onExit);
    d.signal(proc, 'SIGKILL');
    assert.deepEqual(await e.next(), { exitStatus: undefined, leaderSignal: 'SIGKILL' });
  });

  it('kills what is left of the process group when the task ends', async () => {
    const sb = sandbox();
    const e = exits();
    const proc = await driver().launch({ sandbox: sb, argv: ['/bin/sh', '-c', 'sleep 30 & echo $! > bg.pid'], env }, e.onExit);
    await e.next();
    const bg = Number(readFileSync(join(sb, 'bg.pid'), 'utf8'));
    await waitFor('background process killed', () => !isProcessAlive(bg));
    assert.deepEqual(groupMembers(proc.pid), []);
  });

  it('detects the end of a task started by another driver (an earlier agent) by polling', async () => {
    const sb = sandbox();
    const first = driver();
    const proc = await first.launch({ sandbox: sb, argv: ['/bin/sh', '-c', 'while [ ! -f go ]; do sleep 0.02; done; exit 5'], env }, () => {
      throw new Error('the first driver was stopped and must not report');
    });
    first.stop();
    const e = exits();
    assert.equal(driver().watch(proc, sb, e.onExit), true);
    writeFileSync(join(sb, 'go'), '');
    assert.equal((await e.next()).exitStatus, 5);
  });

  it('reports at once when asked to watch a task that is already gone', async () => {
    const sb = sandbox();
    writeFileSync(join(sb, 'exit_status'), '3\n');
    const e = exits();
    assert.equal(driver().watch({ pid: 999_999_999, startTime: '1' }, sb, e.onExit), false);
    assert.equal(e.seen[0]?.exitStatus, 3);
  });
});
