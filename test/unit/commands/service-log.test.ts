import assert from 'node:assert/strict';
import type { MarathonTask } from '../../../src/api/marathon-types.js';
import ServiceLog from '../../../src/commands/service/log.js';
import { FakeClusterApi, makeDcosDir, runCommand } from './harness.js';

describe('service log', () => {
  let api: FakeClusterApi;
  let dcos: { dir: string; cleanup: () => void };
  const savedDir = process.env.DCOS_DIR;

  const task = (id: string, stagedAt: string, slaveId = 'S1'): MarathonTask => ({
    id, appId: '/web', host: '127.0.1.2', ports: [], servicePorts: [], slaveId, state: 'TASK_RUNNING', stagedAt, version: 'v1', ipAddresses: [],
  });
  const mesosTask = (id: string, slave: string) => ({ id, slave_id: slave, state: 'TASK_RUNNING', sandbox_directory: `/work/${slave}/sandboxes/${id}` });
  const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('');

  beforeEach(async () => {
    api = new FakeClusterApi();
    await api.start();
    dcos = makeDcosDir(api.url);
    process.env.DCOS_DIR = dcos.dir;
    api.apps = [{ id: '/web' } as never];
    // two instances: the newest (staged last) is the one shown
    api.tasks = [task('web.old', '2025-01-01T00:00:00.000Z', 'S1'), task('web.new', '2025-01-01T00:05:00.000Z', 'S2')];
    api.frameworks[0].tasks = [mesosTask('web.old', 'S1'), mesosTask('web.new', 'S2')];
    api.file('S1', '/work/S1/sandboxes/web.old/stdout', 'old task\n');
    api.file('S2', '/work/S2/sandboxes/web.new/stdout', lines(1, 30));
    api.file('S2', '/work/S2/sandboxes/web.new/stderr', 'warning: x\n');
  });
  afterEach(async () => {
    await api.stop();
    dcos.cleanup();
    if (savedDir === undefined) delete process.env.DCOS_DIR;
    else process.env.DCOS_DIR = savedDir;
  });

  it("prints the last 10 lines of the newest task's stdout by default", async () => {
    const r = await runCommand(ServiceLog, ['/web']);
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout, lines(21, 30));
  });

  it('prints --lines N lines of another sandbox file', async () => {
    assert.equal((await runCommand(ServiceLog, ['/web', '--lines', '3'])).stdout, lines(28, 30));
    assert.equal((await runCommand(ServiceLog, ['/web', 'stderr'])).stdout, 'warning: x\n');
  });

  it('reads the file through the master, from the agent and sandbox the master reports', async () => {
    await runCommand(ServiceLog, ['/web', '--lines', '1']);
    const reads = api.requests.filter((q) => q.url.startsWith('/agent/'));
    assert.ok(reads.length >= 2);
    for (const q of reads) assert.match(q.url, /^\/agent\/S2\/files\/read\?path=%2Fwork%2FS2%2Fsandboxes%2Fweb\.new%2Fstdout&offset=/);
  });

  it('explains an app without tasks', async () => {
    api.tasks = [];
    const r = await runCommand(ServiceLog, ['/web']);
    assert.equal(r.exitCode, 1);
    assert.equal(r.stderr, 'Error: app /web has no tasks: start it with `dcos marathon app start /web`\n');
  });

  it('follows new lines, switches to the new task when the followed one is replaced, and stops on Ctrl-C', async function () {
    this.timeout(15_000);
    const path = '/work/S2/sandboxes/web.new/stdout';
    let stage = 0;
    const r = await runCommand(ServiceLog, ['/web', '--follow', '--lines', '1'], {
      onStdout: (all) => {
        if (stage === 0 && all === 'line 30\n') {
          stage = 1;
          api.file('S2', path, lines(1, 31)); // the task writes a line
        } else if (stage === 1 && all.endsWith('line 31\n')) {
          stage = 2;
          // a deployment replaces the task
          api.tasks = [task('web.next', '2025-01-01T00:10:00.000Z', 'S3')];
          api.frameworks[0].tasks = [mesosTask('web.next', 'S3')];
          api.file('S3', '/work/S3/sandboxes/web.next/stdout', 'next task starting\n');
        } else if (stage === 2 && all.endsWith('next task starting\n')) {
          stage = 3;
          process.emit('SIGINT');
        }
      },
    });
    assert.equal(r.exitCode, 0);
    assert.equal(r.stdout, 'line 30\nline 31\nnext task starting\n');
    assert.equal(r.stderr, '--- task web.new ended; following task web.next\n');
  });
});
