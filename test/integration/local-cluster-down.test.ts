import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, dcos, dcosOk, readCluster, type AttachedCluster } from '../harness/dcos-cli.js';
import { nodeNamed, pidIn, pidOf, supervisorPidOf } from '../harness/local-nodes.js';
import { eventually, isAlive, isRunning, processesRunning } from '../harness/proc.js';
import { killProcessesUnder, processesUnder } from '../harness/processes.js';

/**
 * Issue 6, finding 8: `cluster down` stops exactly the processes the cluster started
 * (by pid and start time: pidfiles, the agents' task records) and nothing else: not
 * the shell it runs in, not a process that merely names the cluster's directory or
 * works in it, not a process that got a recorded pid later. Real processes, real
 * signals, a DCOS_DIR of its own per test.
 */
describe('cluster down of a local cluster', function () {
  this.timeout(90_000);
  const NAME = 'down';
  let dir: string;
  let cluster: AttachedCluster;
  let bystanders: ChildProcess[];

  /** A process of someone else's, which the test ends itself. */
  const bystander = (argv: string[], cwd: string): ChildProcess => {
    const child = spawn(argv[0], argv.slice(1), { cwd, stdio: 'ignore', detached: true });
    bystanders.push(child);
    return child;
  };
  const clusterDir = () => join(dir, 'clusters', NAME);
  /** Daemons, supervisors and task processes of the cluster. */
  const clusterPids = (program: string[]) => [
    ...cluster.config.local.nodes.flatMap((n) => [pidOf(n), pidIn(join(n.dir, 'supervisor.pid')) ?? []].flat()),
    ...processesRunning(program),
  ];
  const upWithTasks = async (program: string[]) => {
    await dcosOk(dir, ['cluster', 'up', '--local', '--agents', '2', '--name', NAME]);
    cluster = readCluster(dir, NAME);
    const app = join(dir, 'app.json');
    writeFileSync(app, JSON.stringify({ id: '/down/sleep', cmd: `exec ${program.join(' ')}`, instances: 2, cpus: 0.01, mem: 8 }));
    await dcosOk(dir, ['marathon', 'app', 'add', app]);
    await eventually(() => processesRunning(program).length === 2, 20_000, 'two running tasks');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-down-'));
    bystanders = [];
  });

  afterEach(async () => {
    for (const b of bystanders) if (b.exitCode === null && b.signalCode === null) b.kill('SIGKILL');
    await dcos(dir, ['cluster', 'down', '--name', NAME]);
    await killProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('run from a shell whose working directory is inside the cluster directory, stops the cluster and leaves that shell running', async () => {
    const program = ['sleep', '1021'];
    await upWithTasks(program);
    const ours = clusterPids(program);
    const shell = spawn('/bin/sh', ['-c', `cd ${nodeNamed(cluster, 'agent').stateDir} && "${process.execPath}" "${CLI}" cluster down --name ${NAME}; echo "shell still here, down exited $?"`], {
      env: { ...process.env, DCOS_DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    shell.stdout!.on('data', (d) => { out += String(d); });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => shell.once('exit', (c, s) => r([c, s])));
    assert.equal(signal, null, 'the shell was not signalled');
    assert.equal(code, 0);
    assert.match(out, /Cluster "down" is down \(3 nodes stopped, 2 tasks ended\)/);
    assert.match(out, /shell still here, down exited 0\n$/);
    assert.deepEqual(ours.filter(isRunning), [], 'every daemon, supervisor and task of the cluster is gone');
  });

  it("leaves alone a process that names the cluster directory in its arguments, and one working in it, while ending the cluster's own", async () => {
    const program = ['sleep', '1022'];
    await upWithTasks(program);
    const ours = clusterPids(program);
    const naming = bystander([process.execPath, '-e', 'setInterval(() => {}, 1e6)', clusterDir()], tmpdir());
    const working = bystander(['sleep', '1023'], nodeNamed(cluster, 'agent', 1).stateDir);
    await eventually(() => processesUnder(clusterDir()).includes(naming.pid!) && processesUnder(clusterDir()).includes(working.pid!), 5_000, 'the bystanders to run');

    await dcosOk(dir, ['cluster', 'down', '--name', NAME]);
    assert.ok(isAlive(naming.pid!), 'the process naming the directory survives');
    assert.ok(isAlive(working.pid!), 'the process working in the directory survives');
    assert.deepEqual(ours.filter(isRunning), [], 'every daemon, supervisor and task of the cluster is gone');
  });

  it('never signals a process that now holds a pid a pidfile records, with another start time (a recycled pid)', async () => {
    const program = ['sleep', '1024'];
    await upWithTasks(program);
    const victim = nodeNamed(cluster, 'agent', 1);
    const recorded = { supervisor: readFileSync(join(victim.dir, 'supervisor.pid'), 'utf8'), daemon: readFileSync(victim.pidFile, 'utf8') };
    for (const pid of [supervisorPidOf(victim), pidOf(victim)]) process.kill(pid, 'SIGKILL');
    // Two unrelated processes got the recorded pids: the pidfiles name them with the old start times.
    const a = bystander(['sleep', '1025'], tmpdir());
    const b = bystander(['sleep', '1026'], tmpdir());
    await eventually(() => isAlive(a.pid!) && isAlive(b.pid!), 5_000, 'the bystanders to run');
    writeFileSync(join(victim.dir, 'supervisor.pid'), `${a.pid} ${recorded.supervisor.trim().split(' ')[1]}\n`);
    writeFileSync(victim.pidFile, `${b.pid} ${recorded.daemon.trim().split(' ')[1]}\n`);

    const out = await dcosOk(dir, ['cluster', 'down', '--name', NAME]);
    assert.match(out, /Cluster "down" is down \(2 nodes stopped, 2 tasks ended\)/);
    assert.ok(isAlive(a.pid!) && isAlive(b.pid!), 'the processes that hold the recorded pids now were not touched');
    assert.deepEqual(processesRunning(program), [], "the tasks, also the dead agent's, were ended");
  });
});
