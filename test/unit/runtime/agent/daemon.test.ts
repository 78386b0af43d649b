import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AgentClient } from '../../../../src/api/agent-client.js';
import { isProcessAlive } from '../../../../src/runtime/agent/proc.js';
import { killProcessesUnder } from '../../../harness/processes.js';
import { FakeMaster, NODE_TOKEN, readOrEmpty, shellTask, tempDir, waitFor, writeTokenFile } from './helpers.js';

const MAIN = resolve('src/runtime/agent/main.ts');
const HOST = '127.0.50.3';
const FRAMEWORK = 'fw-0000';

interface Daemon {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

/** Runs the agent daemon from source (node --import tsx), as bin/dcos-agent.js runs it from dist. */
function runDaemon(args: string[]): Daemon {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += String(d); });
  child.stderr!.on('data', (d) => { out += String(d); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, exited, output: () => out };
}

describe('dcos-agent daemon', function () {
  this.timeout(60_000);
  let dir: string;
  let master: FakeMaster;
  let daemons: Daemon[];

  const flags = () => ['--master', master.url, '--listen', `${HOST}:0`, '--work-dir', join(dir, 'work'), '--node-token-file', join(dir, 'node-token'),
    '--cpus', '1', '--mem', '256', '--disk', '100'];
  const startDaemon = async (): Promise<{ daemon: Daemon; port: number; agentId: string }> => {
    const before = master.registrations.length;
    const daemon = runDaemon(flags());
    daemons.push(daemon);
    const reg = await waitFor('registration', () => master.registrations.length > before && master.lastRegistration(), 20_000);
    return { daemon, port: reg.port, agentId: reg.agentId };
  };

  beforeEach(async () => {
    dir = tempDir();
    writeTokenFile(dir);
    daemons = [];
    master = await new FakeMaster(HOST.replace(/\.3$/, '.4')).start();
  });
  afterEach(async () => {
    await killProcessesUnder(dir);
    await Promise.all(daemons.map((d) => d.exited));
    await master.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start, with a clear message, when the node token file is missing or empty', async () => {
    const missing = runDaemon([...flags().slice(0, 6), '--node-token-file', join(dir, 'nope')]);
    daemons.push(missing);
    assert.equal((await missing.exited).code, 2);
    assert.match(missing.output(), /dcos-agent: --node-token-file .*nope: cannot read the node token \(ENOENT\)/);

    writeFileSync(join(dir, 'node-token'), '\n');
    const empty = runDaemon(flags());
    daemons.push(empty);
    assert.equal((await empty.exited).code, 2);
    assert.match(empty.output(), /is empty/);
    assert.ok(!empty.output().includes(NODE_TOKEN));
  });

  it('exits 0 on SIGTERM and leaves its tasks running', async () => {
    const { daemon, port } = await startDaemon();
    await new AgentClient({ baseUrl: `http://${HOST}:${port}`, token: NODE_TOKEN })
      .launch({ frameworkId: FRAMEWORK, tasks: [shellTask('keep.1', 'echo $$ > pid; exec sleep 1000')] });
    const pidFile = join(dir, 'work', 'sandboxes', FRAMEWORK, 'keep.1', 'pid');
    const pid = Number(await waitFor('task pid', () => readOrEmpty(pidFile).trim()));
    daemon.child.kill('SIGTERM');
    assert.deepEqual(await daemon.exited, { code: 0, signal: null });
    assert.ok(isProcessAlive(pid), 'the task outlives the agent');
    assert.ok(!daemon.output().includes(NODE_TOKEN), 'the token never reaches the log');
  });

  it('keeps a task running when the agent is SIGKILLed; a new agent on the same work dir recovers it and reports its end', async () => {
    const first = await startDaemon();
    const client = new AgentClient({ baseUrl: `http://${HOST}:${first.port}`, token: NODE_TOKEN });
    await client.launch({ frameworkId: FRAMEWORK, tasks: [shellTask('phoenix.1', 'echo $$ > pid; while [ ! -f go ]; do sleep 0.05; done; echo done')] });
    await waitFor('TASK_RUNNING', () => master.statesOf('phoenix.1').includes('TASK_RUNNING'));
    const sandbox = join(dir, 'work', 'sandboxes', FRAMEWORK, 'phoenix.1');
    const pid = Number(await waitFor('task pid', () => readOrEmpty(join(sandbox, 'pid')).trim()));

    first.daemon.child.kill('SIGKILL');
    await first.daemon.exited;
    assert.ok(isProcessAlive(pid), 'the task survives the agent');

    const second = await startDaemon();
    assert.equal(second.agentId, first.agentId);
    assert.deepEqual(master.lastRegistration()!.tasks.map((t) => [t.taskId, t.state]), [['phoenix.1', 'TASK_RUNNING']]);

    writeFileSync(join(sandbox, 'go'), '');
    await waitFor('TASK_FINISHED', () => master.statesOf('phoenix.1').includes('TASK_FINISHED'));
    assert.equal(readFileSync(join(sandbox, 'stdout'), 'utf8'), 'done\n');
  });

  it('on a shutdown request with killTasks, kills its tasks and exits 0', async () => {
    const { daemon, port } = await startDaemon();
    const client = new AgentClient({ baseUrl: `http://${HOST}:${port}`, token: NODE_TOKEN });
    await client.launch({ frameworkId: FRAMEWORK, tasks: [shellTask('doomed.1', 'echo $$ > pid; exec sleep 1000')] });
    const pid = Number(await waitFor('task pid', () => readOrEmpty(join(dir, 'work', 'sandboxes', FRAMEWORK, 'doomed.1', 'pid')).trim()));
    await client.shutdown({ killTasks: true });
    assert.deepEqual(await daemon.exited, { code: 0, signal: null });
    assert.equal(isProcessAlive(pid), false);
    assert.equal(master.statesOf('doomed.1').at(-1), 'TASK_KILLED');
  });
});
