import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { dcos, dcosOk, readCluster, type AttachedCluster } from '../harness/dcos-cli.js';
import { nextDaemon, nodeNamed, pidIn, pidOf } from '../harness/local-nodes.js';
import { eventually, isAlive, processesRunning } from '../harness/proc.js';
import { killProcessesUnder, processesUnder } from '../harness/processes.js';

interface TaskJson { id: string; host: string; state: string }

/**
 * Issue 6, finding 7: a local cluster heals. Its daemons run under dcos-supervise, so a
 * crashed one comes back by itself; and `cluster up --local` on a partly running
 * cluster starts only what is missing, leaving every running daemon and task alone.
 * Real daemons, real SIGKILLs, a DCOS_DIR of its own.
 */
describe('a local cluster healing', function () {
  this.timeout(90_000);
  const NAME = 'heal';
  const PROGRAM = ['sleep', '1017'];
  let dir: string;
  let cluster: AttachedCluster;

  const tasks = async (): Promise<TaskJson[]> => JSON.parse(await dcosOk(dir, ['marathon', 'task', 'list', '/heal/sleep', '--json']));
  const runningTaskIds = async () => (await tasks()).filter((t) => t.state === 'TASK_RUNNING').map((t) => t.id).sort();
  const status = async () => JSON.parse(await dcosOk(dir, ['cluster', 'status', '--name', NAME, '--json']));
  /** Every daemon and supervisor pid of the cluster, by node (0: no supervisor recorded). */
  const pids = () => Object.fromEntries(cluster.config.local.nodes.map((n) => [n.name, { daemon: pidOf(n), supervisor: pidIn(join(n.dir, 'supervisor.pid')) ?? 0 }]));
  const kill9 = async (pid: number) => {
    if (pid === 0) return;
    process.kill(pid, 'SIGKILL');
    await eventually(() => !processesUnder(dir).includes(pid), 10_000, `pid ${pid} to be gone`);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-heal-'));
    await dcosOk(dir, ['cluster', 'up', '--local', '--agents', '2', '--name', NAME]);
    cluster = readCluster(dir, NAME);
    const app = join(dir, 'app.json');
    writeFileSync(app, JSON.stringify({ id: '/heal/sleep', cmd: `exec ${PROGRAM.join(' ')}`, instances: 4, cpus: 0.01, mem: 8 }));
    await dcosOk(dir, ['marathon', 'app', 'add', app]);
    await eventually(async () => (await runningTaskIds()).length === 4 && processesRunning(PROGRAM).length === 4, 20_000, '4 running tasks');
  });

  after(async () => {
    const down = dir ? await dcos(dir, ['cluster', 'down', '--name', NAME]) : undefined;
    if (dir) await killProcessesUnder(dir);
    for (const pid of processesRunning(PROGRAM)) process.kill(pid, 'SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
    assert.equal(down?.exitCode, 0, `cluster down failed: ${down?.stderr}`);
  });

  it('restarts a master killed with SIGKILL under its supervisor, and every task keeps running', async () => {
    const master = nodeNamed(cluster, 'master');
    const before = pids();
    const taskIds = await runningTaskIds();
    const taskPids = processesRunning(PROGRAM).sort();
    process.kill(before.master.daemon, 'SIGKILL');
    const after = await nextDaemon(master, before.master.daemon);
    await eventually(async () => (await request(`${cluster.url}/ping`)).statusCode === 200, 15_000, 'the new master to answer');
    await eventually(async () => (await status()).healthy, 15_000, 'the cluster to be healthy again');

    const s = await status();
    assert.equal(s.master.pid, after, 'cluster status shows the new master pid');
    assert.equal(s.master.supervisorPid, before.master.supervisor, 'the same supervisor restarted it');
    assert.deepEqual(await runningTaskIds(), taskIds, 'the same tasks run');
    assert.deepEqual(processesRunning(PROGRAM).sort(), taskPids, 'the same task processes run');
    const { master: _m, ...agents } = pids();
    const { master: _b, ...agentsBefore } = before;
    assert.deepEqual(agents, agentsBefore, 'the agents were not touched');
  });

  it('cluster up after an agent and its supervisor were SIGKILLed starts only that agent; every other pid and every task is unchanged', async () => {
    const victim = nodeNamed(cluster, 'agent', 1);
    const before = pids();
    const taskIds = await runningTaskIds();
    const taskPids = processesRunning(PROGRAM).sort();
    await kill9(before[victim.name].supervisor);
    await kill9(before[victim.name].daemon);
    assert.equal((await status()).healthy, false);

    const out = await dcosOk(dir, ['cluster', 'up', '--local', '--name', NAME]);
    assert.match(out, new RegExp(`\\n  started: ${victim.name}\\n  left alone: master, agent-1$`));

    const after = pids();
    for (const name of ['master', 'agent-1']) assert.deepEqual(after[name], before[name], `${name} kept its daemon and supervisor`);
    assert.ok(isAlive(after[victim.name].daemon) && after[victim.name].daemon !== before[victim.name].daemon, `${victim.name} runs again`);
    assert.ok(isAlive(after[victim.name].supervisor) && after[victim.name].supervisor !== before[victim.name].supervisor, `${victim.name} has a new supervisor`);
    assert.equal((await status()).healthy, true);
    await eventually(async () => (await tasks()).every((t) => t.state === 'TASK_RUNNING'), 10_000, 'every task reported running again');
    assert.deepEqual(await runningTaskIds(), taskIds, 'the same tasks run, none relaunched');
    assert.deepEqual(processesRunning(PROGRAM).sort(), taskPids, 'the same task processes run');
  });

  it('cluster up after only a supervisor was SIGKILLed gives its daemon a new supervisor, keeping the daemon, which is then restarted when it dies', async () => {
    const victim = nodeNamed(cluster, 'agent', 0);
    const before = pids();
    const taskPids = processesRunning(PROGRAM).sort();
    await kill9(before[victim.name].supervisor);

    const out = await dcosOk(dir, ['cluster', 'up', '--local', '--name', NAME]);
    assert.match(out, new RegExp(`\\n  supervisor restarted, daemon kept: ${victim.name}\\n  left alone: master, agent-2$`));
    const after = pids();
    assert.equal(after[victim.name].daemon, before[victim.name].daemon, 'the daemon kept its pid');
    assert.notEqual(after[victim.name].supervisor, before[victim.name].supervisor);
    for (const name of ['master', 'agent-2']) assert.deepEqual(after[name], before[name], `${name} was left alone`);
    assert.deepEqual(processesRunning(PROGRAM).sort(), taskPids);

    // The new supervisor really watches the daemon it kept.
    process.kill(after[victim.name].daemon, 'SIGKILL');
    await nextDaemon(victim, after[victim.name].daemon);
    await eventually(async () => (await status()).healthy, 15_000, 'the cluster to be healthy again');
    assert.deepEqual(processesRunning(PROGRAM).sort(), taskPids, 'tasks survive the agent restart');
  });
});
