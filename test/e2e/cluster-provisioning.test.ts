import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { dcos, dcosOk } from '../harness/dcos-cli.js';
import { eventually } from '../harness/proc.js';
import { startSshHosts, type SshTestHosts } from '../harness/ssh-hosts.js';

/**
 * `dcos cluster up cluster.yaml` on real OpenSSH test hosts (DESIGN.md §5): 1 master and
 * 4 agents, each an sshd on its own loopback address with private /opt/dcos, /etc/dcos
 * and /var/lib/dcos. Everything goes through the CLI, as a user would run it.
 */
describe('a cluster provisioned over SSH from cluster.yaml', function () {
  this.timeout(120_000);
  let hosts: SshTestHosts;
  let dir: string;
  let file: string;
  const master = () => hosts.hosts[0];
  const agents = () => hosts.hosts.slice(1);
  const onHost = async (i: number, command: string) => {
    const { execa } = await import('execa');
    const r = await execa('ssh', [
      '-i', hosts.keyFile, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
      `root@${hosts.hosts[i].host}`, command,
    ], { reject: false });
    return String(r.stdout).trim();
  };
  /** Processes on a host other than its sshd and the harness's namespace holder: daemons, supervisors, tasks. */
  const workloadOn = (i: number) => hosts.hosts[i].processes().filter((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return !cmdline.includes('sshd') && cmdline !== 'sleep\0infinity\0';
    } catch {
      return false;
    }
  });

  before(async () => {
    hosts = await startSshHosts({ count: 5, firstOctet: 20 });
    dir = mkdtempSync(join(tmpdir(), 'dcos-e2e-'));
    file = join(dir, 'cluster.yaml');
    writeFileSync(file, [
      'name: e2e',
      'ssh:',
      `  keyFile: ${hosts.keyFile}`,
      'masters:',
      `  - host: ${master().host}`,
      'agents:',
      ...agents().map((h, i) => `  - host: ${h.host}\n    attributes: { rack: r${i % 2} }`),
      'options:',
      '  agentPingTimeoutMs: 3000',
    ].join('\n'));
  });

  after(async () => {
    await hosts?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('provisions 1 master and 4 agents, attaches, and node list shows every agent', async () => {
    const out = await dcosOk(dir, ['cluster', 'up', file]);
    assert.match(out, /master-1\s+127\.0\.0\.20\s+changed/);
    assert.match(out, /canary task ran/);
    const nodes = JSON.parse(await dcosOk(dir, ['node', 'list', '--json'])) as Array<{ hostname: string; active: boolean }>;
    assert.deepEqual(nodes.map((n) => n.hostname).sort(), agents().map((h) => h.host).sort());
    assert.ok(nodes.every((n) => n.active));
    // The credentials are files on the hosts: never on a command line (visible in ps).
    const token = readFileSync(join(dir, 'clusters', 'e2e', 'token'), 'utf8').trim();
    const nodeToken = readFileSync(join(dir, 'clusters', 'e2e', 'node-token'), 'utf8').trim();
    for (const h of hosts.hosts) {
      for (const pid of h.processes()) {
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        assert.ok(!argv.includes(token) && !argv.includes(nodeToken), `no secret in the argv of pid ${pid} on ${h.host}`);
      }
    }
    assert.equal(await onHost(0, 'stat -c %a /etc/dcos/secrets/token /etc/dcos/secrets/node-token'), '600\n600');
    const known = readFileSync(join(dir, 'known_hosts'), 'utf8');
    for (const h of hosts.hosts) assert.ok(known.includes(h.host), `host key of ${h.host} recorded on first use`);
  });

  it('runs an app with 4 instances, one per agent (hostname UNIQUE), each answering on its host and passing the health check its agent runs', async () => {
    writeFileSync(join(dir, 'app.json'), JSON.stringify({
      id: '/spread', instances: 4, cpus: 0.1, mem: 32, constraints: [['hostname', 'UNIQUE']],
      healthChecks: [{ protocol: 'MESOS_HTTP', path: '/', delaySeconds: 0, intervalSeconds: 1, gracePeriodSeconds: 30 }],
      cmd: `exec node -e "require('http').createServer((q, s) => s.end(process.env.HOST)).listen(process.env.PORT0, process.env.HOST)"`,
    }));
    await dcosOk(dir, ['marathon', 'app', 'add', join(dir, 'app.json')]);
    const tasks = await eventually(async () => {
      const list = JSON.parse(await dcosOk(dir, ['marathon', 'task', 'list', '/spread', '--json'])) as Array<{ host: string; ports: number[]; state: string }>;
      return list.length === 4 && list.every((t) => t.state === 'TASK_RUNNING') ? list : undefined;
    }, 30_000, '4 running tasks');
    assert.deepEqual(tasks.map((t) => t.host).sort(), agents().map((h) => h.host).sort(), 'one task on each agent');
    for (const t of tasks) {
      const body = await eventually(async () => (await request(`http://${t.host}:${t.ports[0]}/`)).body.text(), 10_000, `${t.host} to answer`);
      assert.equal(body, t.host);
    }
    await eventually(async () => JSON.parse(await dcosOk(dir, ['marathon', 'app', 'show', '/spread', '--json'])).tasksHealthy === 4, 30_000, '4 healthy tasks');
  });

  it('changes nothing when run again on a healthy cluster, and says so per host', async () => {
    const r = await dcos(dir, ['cluster', 'up', file, '--json']);
    assert.equal(r.exitCode, 0, r.stderr);
    const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
    assert.equal(result.event, 'result');
    assert.deepEqual(result.hosts.map((h: { status: string }) => h.status), ['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    const plain = await dcosOk(dir, ['cluster', 'up', file]);
    assert.equal((plain.match(/unchanged/g) ?? []).length >= 5, true, plain);
  });

  it('gets a killed agent daemon restarted by its supervisor, its tasks untouched', async () => {
    // Pidfiles hold "PID STARTTIME".
    const before = await onHost(1, "cut -d' ' -f1 /var/lib/dcos/run/dcos-agent.pid");
    const tasksBefore = await onHost(1, 'ls /var/lib/dcos/agent/sandboxes/*/ | sort');
    await onHost(1, `kill -9 ${before}`);
    const after = await eventually(async () => {
      const pid = await onHost(1, 'read p _ < /var/lib/dcos/run/dcos-agent.pid && kill -0 "$p" && echo "$p"');
      return pid && pid !== before ? pid : undefined;
    }, 15_000, 'a new agent process');
    assert.notEqual(after, before);
    await eventually(async () => {
      const nodes = JSON.parse(await dcosOk(dir, ['node', 'list', '--json'])) as Array<{ hostname: string; active: boolean }>;
      return nodes.find((n) => n.hostname === hosts.hosts[1].host)?.active;
    }, 15_000, 'the agent to be active again');
    assert.equal(await onHost(1, 'ls /var/lib/dcos/agent/sandboxes/*/ | sort'), tasksBefore);
    const app = JSON.parse(await dcosOk(dir, ['marathon', 'app', 'show', '/spread', '--json']));
    assert.equal(app.tasksRunning, 4);
  });

  it('fails hard when a host key changes, naming the host and both fingerprints', async () => {
    const old = hosts.hosts[4].hostKeyFingerprint;
    const fresh = await hosts.hosts[4].replaceHostKey();
    const r = await dcos(dir, ['cluster', 'up', file]);
    assert.notEqual(r.exitCode, 0);
    assert.match(r.stderr + r.stdout, new RegExp(`root@${hosts.hosts[4].host.replace(/\./g, '\\.')}:22`));
    assert.ok((r.stderr + r.stdout).includes(old) && (r.stderr + r.stdout).includes(fresh), `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /master-1\s+127\.0\.0\.20\s+unchanged/, 'the other hosts went on');
    // The operator confirms the reinstall the way the message says: forget the old key.
    const known = readFileSync(join(dir, 'known_hosts'), 'utf8').split('\n').filter((l) => !l.includes(hosts.hosts[4].host));
    writeFileSync(join(dir, 'known_hosts'), known.join('\n'));
    await dcosOk(dir, ['cluster', 'up', file]);
  });

  it('leaves nothing running and no install behind after cluster down', async () => {
    const out = await dcosOk(dir, ['cluster', 'down', file]);
    assert.ok(out.length > 0);
    for (let i = 0; i < hosts.hosts.length; i++) {
      assert.deepEqual(workloadOn(i).map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')), [], `nothing runs on ${hosts.hosts[i].host}`);
      assert.equal(await onHost(i, 'ls -A /opt/dcos /etc/dcos 2>/dev/null | grep -v : | grep -c . || true'), '0', `no install left on ${hosts.hosts[i].host}`);
    }
  });
});
