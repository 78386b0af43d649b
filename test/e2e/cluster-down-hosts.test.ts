import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { MarathonClient } from '../../src/api/marathon-client.js';
import { supervisorCommand } from '../../src/provisioner/remote/units.js';
import { startMaster, type RunningMaster } from '../../src/runtime/master/master.js';
import { dcos, ROOT } from '../harness/dcos-cli.js';
import { eventually } from '../harness/proc.js';
import { startSshHosts, type SshTestHosts } from '../harness/ssh-hosts.js';

const NODE_TOKEN = 'node-secret-for-down';
const PROGRAM = 'sleep\u00001051\u0000';

/**
 * Issue 6, finding 8, over SSH: `cluster down FILE` ends the tasks its agents recorded
 * on each of its hosts, and nothing else. On one machine several test hosts (DESIGN.md
 * §5) share the pid namespace while each has its own /var/lib/dcos: the same sandbox
 * paths hold other hosts' tasks. Here host A is the cluster's agent, host B an agent of
 * another cluster with tasks in identical paths, host C the cluster's (idle) master
 * host. Both agents run as `cluster up` runs them without systemd: under dcos-supervise,
 * from /opt/dcos/current, with a master in this process.
 */
describe('cluster down FILE on a machine that runs other hosts too', function () {
  this.timeout(120_000);
  let hosts: SshTestHosts;
  let dir: string;
  let master: RunningMaster;
  const [A, B, C] = [0, 1, 2];

  const onHost = (i: number, script: string): string => execFileSync('ssh', [
    '-i', hosts.keyFile, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
    `root@${hosts.hosts[i].host}`, script,
  ], { encoding: 'utf8' }).trim();
  /** Task processes (`sleep 1051`) on host i. */
  const tasksOn = (i: number) => hosts.hosts[i].processes().filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8') === PROGRAM;
    } catch {
      return false;
    }
  }).sort();

  /** An install of this package as `cluster up` lays it out, and the agent started as startService starts it. */
  const startAgent = (i: number) => {
    const v = '/opt/dcos/versions/test';
    const node = '/opt/dcos/current/node/bin/node';
    onHost(i, `set -e
mkdir -p ${v}/node/bin ${v}/bin /etc/dcos/secrets /var/lib/dcos/agent /var/lib/dcos/run /var/lib/dcos/log
ln -sf ${process.execPath} ${v}/node/bin/node
ln -sf ${ROOT}bin/dcos-agent.js ${v}/bin/dcos-agent.js
ln -sf ${ROOT}bin/dcos-supervise.js ${v}/bin/dcos-supervise.js
ln -sfn ${v} /opt/dcos/current
printf %s ${NODE_TOKEN} > /etc/dcos/secrets/node-token && chmod 600 /etc/dcos/secrets/node-token
cd /var/lib/dcos/agent
${supervisorCommand({
    nodeBinary: node, supervisorEntry: '/opt/dcos/current/bin/dcos-supervise.js', name: 'dcos-agent',
    pidfile: '/var/lib/dcos/run/dcos-agent.supervisor.pid', childPidfile: '/var/lib/dcos/run/dcos-agent.pid', logFile: '/var/lib/dcos/log/dcos-agent.log',
    command: [node, '/opt/dcos/current/bin/dcos-agent.js', '--master', master.url, '--listen', `${hosts.hosts[i].host}:5051`,
      '--work-dir', '/var/lib/dcos/agent', '--node-token-file', '/etc/dcos/secrets/node-token', '--cpus', '2', '--mem', '1024'],
  })}`);
  };

  before(async () => {
    hosts = await startSshHosts({ count: 3, firstOctet: 150 });
    dir = mkdtempSync(join(tmpdir(), 'dcos-down-hosts-'));
    master = await startMaster({
      host: '127.0.150.1', port: 0, stateDir: join(dir, 'master'), clusterName: 'down-hosts', token: 'user-secret', nodeToken: NODE_TOKEN,
      log: pino({ level: 'silent' }),
    });
    startAgent(A);
    startAgent(B);
    const marathon = new MarathonClient({ baseUrl: master.url, token: 'user-secret' });
    // Each agent has room for two: two tasks land on each.
    await marathon.createApp({ id: '/spread', cmd: 'exec sleep 1051', instances: 4, cpus: 1, mem: 16 });
    await eventually(() => tasksOn(A).length === 2 && tasksOn(B).length === 2, 30_000, 'two tasks on each agent host');
  });

  after(async () => {
    await master?.close();
    await hosts?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ends the tasks its agent recorded on its hosts, and leaves another host's tasks in identical sandbox paths, and a process it did not start, running", async () => {
    const other = tasksOn(B);
    // Someone's process on the cluster's own host, working in a directory laid out like a sandbox.
    onHost(A, 'mkdir -p /var/lib/dcos/agent/sandboxes/fw/not-a-task && cd /var/lib/dcos/agent/sandboxes/fw/not-a-task && setsid -f sleep 1052 </dev/null >/dev/null 2>&1');
    const bystander = () => onHost(A, 'pgrep -x -f "sleep 1052" || true');
    await eventually(() => bystander() !== '', 5_000, 'the bystander');
    assert.equal(onHost(B, 'readlink /proc/$(pgrep -x -f "sleep 1051" | head -n 1)/cwd').startsWith('/var/lib/dcos/agent/sandboxes/'), true, "B's tasks run in the same paths as A's");

    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, [
      'name: down-hosts',
      'ssh:',
      `  keyFile: ${hosts.keyFile}`,
      'masters:',
      `  - host: ${hosts.hosts[C].host}`,
      'agents:',
      `  - host: ${hosts.hosts[A].host}`,
    ].join('\n'));
    const down = await dcos(dir, ['cluster', 'down', file, '--json']);
    assert.equal(down.exitCode, 0, down.stdout + down.stderr);
    assert.deepEqual(tasksOn(B), other, "the other host's tasks run on, same pids");
    assert.notEqual(bystander(), '', 'the process the cluster did not start runs on');
    assert.match(onHost(B, 'read p _ < /var/lib/dcos/run/dcos-agent.pid && kill -0 "$p" && echo agent up'), /agent up/, "the other host's agent runs on");
    assert.deepEqual(tasksOn(A), [], "the cluster's tasks are gone");
    const result = JSON.parse(down.stdout.trim().split('\n').pop()!);
    assert.deepEqual(result.hosts.map((h: { node: string; killed?: number }) => [h.node, h.killed]), [['master-1', undefined], ['agent-1', 2]], 'it reports the tasks it ended');
  });
});
