import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MarathonTask } from '../../../src/api/marathon-types.js';
import ServiceLog from '../../../src/commands/service/log.js';
import { newestTask } from '../../../src/cli/service-log.js';
import { eventually } from '../../harness/proc.js';
import { freshClusterPerTest, runCommand } from './harness.js';

/** service log against a real master and agent (in this process, on 127.0.70.11-12): tasks write, the CLI reads. */
describe('service log', () => {
  const cluster = freshClusterPerTest({ masterHost: '127.0.70.11', agentHosts: ['127.0.70.12'] });
  const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('');
  const PRINT_30_LINES = 'for i in $(seq 1 30); do echo "line $i"; done';

  /** Starts /web with one task running `cmd` and waits until its stdout holds `until`. */
  const startWeb = async (cmd: string, until: string): Promise<MarathonTask> => {
    await cluster().addApp({ id: '/web', cmd });
    const [task] = await cluster().marathon.listTasks('/web');
    await eventually(async () => (await cluster().sandboxFile(task)).endsWith(until), 10_000, `${task.id} to print ${JSON.stringify(until)}`);
    return task;
  };

  it("prints the last 10 lines of the task's stdout by default", async () => {
    await startWeb(`${PRINT_30_LINES}; exec sleep 1000`, 'line 30\n');
    const r = await runCommand(ServiceLog, ['/web']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, lines(21, 30));
  });

  it('prints --lines N lines, or another sandbox file', async () => {
    const task = await startWeb(`${PRINT_30_LINES}; echo "warning: x" >&2; exec sleep 1000`, 'line 30\n');
    await eventually(async () => (await cluster().sandboxFile(task, 'stderr')) === 'warning: x\n', 10_000, 'the stderr line');
    assert.equal((await runCommand(ServiceLog, ['/web', '--lines', '3'])).stdout, lines(28, 30));
    assert.equal((await runCommand(ServiceLog, ['/web', 'stderr'])).stdout, 'warning: x\n');
  });

  it('prints one {taskId, file, line} object per line with --json', async () => {
    const task = await startWeb(`${PRINT_30_LINES}; exec sleep 1000`, 'line 30\n');
    const r = await runCommand(ServiceLog, ['/web', '--lines', '2', '--json']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => JSON.parse(l)), [
      { taskId: task.id, file: 'stdout', line: 'line 29' },
      { taskId: task.id, file: 'stdout', line: 'line 30' },
    ]);
  });

  it('shows the most recently staged task when the app has several', async () => {
    await startWeb('echo "I am $MESOS_TASK_ID"; exec sleep 1000', '\n');
    await cluster().marathon.updateApp('/web', { instances: 2 });
    await cluster().waitForRunning('/web', 2);
    const tasks = await cluster().marathon.listTasks('/web');
    const newest = newestTask(tasks)!;
    assert.ok(tasks.every((t) => t === newest || t.stagedAt < newest.stagedAt), 'the second task was staged later');
    await eventually(async () => (await cluster().sandboxFile(newest)) !== '', 10_000, 'the new task to print');
    assert.equal((await runCommand(ServiceLog, ['/web'])).stdout, `I am ${newest.id}\n`);
  });

  it('explains an app without tasks', async () => {
    await cluster().addApp({ id: '/web', cmd: 'exec sleep 1000', instances: 0 });
    const r = await runCommand(ServiceLog, ['/web']);
    assert.equal(r.exitCode, 1);
    assert.equal(r.stderr, 'Error: app /web has no tasks: start it with `dcos marathon app start /web`\n');
  });

  it('follows new lines, switches to the new task when a deployment replaces the followed one, and stops on Ctrl-C', async function () {
    this.timeout(15_000);
    // The task prints 30 lines, then one more once the test creates `go`.
    const go = join(cluster().dir, 'go');
    const old = await startWeb(`${PRINT_30_LINES}; while [ ! -e ${go} ]; do sleep 0.05; done; echo "line 31"; exec sleep 1000`, 'line 30\n');
    let stage = 0;
    let failure: unknown;
    // A guard, not a deadline: should the log never show what the test waits for, Ctrl-C ends it and the assertions below explain.
    const guard = setTimeout(() => process.emit('SIGINT'), 12_000);
    const r = await runCommand(ServiceLog, ['/web', '--follow', '--lines', '1'], {
      onStdout: (all) => {
        if (stage === 0 && all === 'line 30\n') {
          stage = 1;
          writeFileSync(go, '');
        } else if (stage === 1 && all.endsWith('line 31\n')) {
          stage = 2;
          cluster().marathon.updateApp('/web', { cmd: 'echo next task starting; exec sleep 1000' }).catch((err) => { failure = err; });
        } else if (stage === 2 && all.endsWith('next task starting\n')) {
          stage = 3;
          process.emit('SIGINT');
        }
      },
    }).finally(() => clearTimeout(guard));
    assert.equal(failure, undefined);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, 'line 30\nline 31\nnext task starting\n');
    const [next] = await cluster().marathon.listTasks('/web');
    assert.notEqual(next.id, old.id);
    assert.equal(r.stderr, `--- task ${old.id} ended; following task ${next.id}\n`);
  });
});
