import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { MarathonClient } from '../../src/api/marathon-client.js';
import { MasterClient } from '../../src/api/master-client.js';
import { startMaster, type RunningMaster } from '../../src/runtime/master/master.js';
import { ROOT } from '../harness/dcos-cli.js';
import { killProcessesUnder } from '../harness/processes.js';
import { eventually, isAlive, processesRunning } from '../harness/proc.js';

const MASTER_HOST = '127.0.80.1';
const AGENT_HOSTS = ['127.0.80.2', '127.0.80.3'];

/**
 * An agent that stops heartbeating: the master marks it unreachable after the ping
 * timeout, the scheduler replaces its tasks elsewhere, and when the agent comes back
 * the surplus is killed so that exactly `instances` tasks run.
 */
describe('a master losing and regaining an agent', function () {
  this.timeout(60_000);
  let dir: string;
  let master: RunningMaster;
  let marathon: MarathonClient;
  let mesos: MasterClient;
  const agentPids = new Map<string, number>();

  const startAgent = (host: string) => {
    const child = spawn(process.execPath, [
      join(ROOT, 'bin/dcos-agent.js'), '--master', master.url, '--listen', `${host}:5051`,
      '--work-dir', join(dir, host), '--node-token-file', join(dir, 'node-token'), '--cpus', '2', '--mem', '2048',
    ], { cwd: dir, detached: true, stdio: 'ignore' });
    child.unref();
    agentPids.set(host, child.pid!);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-agent-failure-'));
    writeFileSync(join(dir, 'node-token'), 'node-secret', { mode: 0o600 });
    master = await startMaster({
      host: MASTER_HOST, port: 0, stateDir: join(dir, 'master'), clusterName: 'failure', token: 'user-secret', nodeToken: 'node-secret',
      log: pino({ level: 'silent' }), agentPingTimeoutMs: 600,
    });
    marathon = new MarathonClient({ baseUrl: master.url, token: 'user-secret' });
    mesos = new MasterClient({ baseUrl: master.url, token: 'user-secret' });
    for (const host of AGENT_HOSTS) startAgent(host);
    await eventually(async () => (await mesos.state()).slaves.length === 2, 10_000, 'both agents to register');
  });

  after(async () => {
    await master?.close();
    if (dir) {
      await killProcessesUnder(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('marks a silent agent unreachable, replaces its tasks, and kills the surplus when it returns', async () => {
    const program = ['sleep', '1101'];
    await marathon.createApp({ id: '/steady', cmd: 'exec sleep 1101', instances: 2, cpus: 0.1, mem: 16 });
    await eventually(async () => (await marathon.getApp('/steady')).tasksRunning === 2, 10_000, '2 running tasks');
    const tasks = await marathon.listTasks('/steady');
    assert.deepEqual(tasks.map((t) => t.host).sort(), AGENT_HOSTS, 'one task on each agent');
    const lost = tasks.find((t) => t.host === AGENT_HOSTS[0])!;

    // The agent daemon dies; its task keeps running (it is not the agent's child).
    process.kill(agentPids.get(AGENT_HOSTS[0])!, 'SIGKILL');
    const state = await eventually(async () => {
      const s = await mesos.state();
      return s.slaves.find((a) => a.hostname === AGENT_HOSTS[0])?.status === 'UNREACHABLE' ? s : undefined;
    }, 10_000, 'the agent to be marked unreachable');
    assert.equal(state.unreachable_slaves, 1);

    const replaced = await eventually(async () => {
      const now = await marathon.listTasks('/steady');
      const running = now.filter((t) => t.state === 'TASK_RUNNING' && t.host === AGENT_HOSTS[1]);
      return running.length === 2 ? now : undefined;
    }, 10_000, 'a replacement on the other agent');
    assert.equal(replaced.find((t) => t.id === lost.id)?.state, 'TASK_UNREACHABLE');
    assert.equal(processesRunning(program).length, 3, 'the unreachable task still runs, beside its replacement');

    // The agent returns with its task: the master learns it runs, the scheduler kills the surplus.
    startAgent(AGENT_HOSTS[0]);
    await eventually(async () => (await mesos.state()).slaves.every((a) => a.status === 'REACHABLE'), 10_000, 'the agent to re-register');
    await eventually(() => processesRunning(program).length === 2, 15_000, 'exactly 2 task processes');
    await eventually(async () => {
      const app = await marathon.getApp('/steady');
      return app.tasksRunning === 2 && app.tasks!.length === 2;
    }, 10_000, 'the app to settle at 2 running tasks');

    await marathon.removeApp('/steady', { force: true });
    await eventually(() => processesRunning(program).length === 0, 10_000, 'no task process left');
    for (const pid of agentPids.values()) if (isAlive(pid)) process.kill(pid, 'SIGTERM');
  });
});
