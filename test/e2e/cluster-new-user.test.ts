import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { PREFLIGHT_CHECK_COUNT } from '../../src/provisioner/preflight/checks.js';
import { ROOT, dcos, dcosOk, type CliResult } from '../harness/dcos-cli.js';
import { eventually } from '../harness/proc.js';
import { startSshHosts, type SshTestHosts } from '../harness/ssh-hosts.js';

interface Event { node: string; stage: string; status: string; message?: string }

/**
 * Provisioning over SSH as a new user met it (issue 6, finding 9), through the CLI on
 * real sshd test hosts: a host without SFTP, preflight warnings and their count, the
 * state `cluster list` shows, add-node with a host that cannot be reached and with a
 * hand-kept cluster file, and a CLI older (then newer) than the runtime on the hosts.
 */
describe('provisioning over SSH, as a new user meets it', function () {
  this.timeout(240_000);
  let hosts: SshTestHosts;
  let dir: string;
  let file: string;
  const h = (i: number) => hosts.hosts[i];
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
  const onHost = (i: number, command: string) => execFileSync('ssh', [
    '-i', hosts.keyFile, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', `root@${h(i).host}`, command,
  ], { encoding: 'utf8' }).trim();
  /** The same CLI with another version in its package.json: another runtime bundle, ordered by that version. */
  const cliOfVersion = (v: string): string => {
    const root = join(dir, `cli-${v}`);
    mkdirSync(root);
    for (const part of ['bin', 'dist', 'templates', 'oclif.manifest.json']) cpSync(join(ROOT, part), join(root, part), { recursive: true });
    writeFileSync(join(root, 'package.json'), readFileSync(join(ROOT, 'package.json'), 'utf8').replace(`"version": "${version}"`, `"version": "${v}"`));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    return join(root, 'bin', 'run.js');
  };
  const runCli = async (cli: string, args: string[]): Promise<CliResult> => {
    const r = await execa(process.execPath, [cli, ...args], { env: { DCOS_DIR: dir }, reject: false, stdin: 'ignore', timeout: 180_000 });
    return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  const events = (stdout: string): Event[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Event & { event?: string }).filter((e) => !e.event);
  /** Index of the first event matching. */
  const at = (list: Event[], node: string, stage: string, status: string) => list.findIndex((e) => e.node === node && e.stage === stage && e.status === status);
  const runtimeOn = (i: number) => JSON.parse(onHost(i, 'cat /opt/dcos/current/BUNDLE.json')).version as string;
  const daemonPids = () => [0, 1, 2].map((i) => onHost(i, `cut -d' ' -f1 /var/lib/dcos/run/dcos-${i === 0 ? 'master' : 'agent'}.pid`));
  const taskIds = async () => (JSON.parse(await dcosOk(dir, ['marathon', 'task', 'list', '/keep', '--json'])) as Array<{ id: string; state: string }>)
    .filter((t) => t.state === 'TASK_RUNNING').map((t) => t.id).sort();

  /** What a person keeps: comments, blank lines, quotes and their own spacing. */
  const commented = () => [
    '# lab cluster -- kept by hand',
    'name: newuser   # as `dcos cluster list` shows it',
    '',
    'ssh:',
    `    keyFile: "${hosts.keyFile}"   # the lab key`,
    '',
    'masters:',
    `- host: ${h(0).host}`,
    '',
    'agents:  # private agents',
    `    -   host: ${h(1).host}     # no SFTP on this one`,
    `    -   {host: ${h(2).host}}`,
    '    # more to come',
    '',
    'options: {agentPingTimeoutMs: 15000, upgradeBatchSize: 1}',
    '',
  ].join('\n');

  before(async () => {
    hosts = await startSshHosts({ count: 4, firstOctet: 60, withoutSftp: [1] });
    dir = mkdtempSync(join(tmpdir(), 'dcos-newuser-'));
    file = join(dir, 'cluster.yaml');
    writeFileSync(file, commented());
  });
  after(async () => {
    await hosts?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('provisions a host whose sshd has no SFTP, shows every preflight warning, and counts the checks the README states', async () => {
    const r = await dcos(dir, ['cluster', 'up', file]);
    assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /agent-1\s+127\.0\.0\.61\s+changed\s+upload, install, configure, start/);
    assert.match(r.stdout, /canary task ran/);
    // Progress (stderr off a terminal): each host's tally counts every check, warnings named.
    for (const node of ['master-1', 'agent-1', 'agent-2']) {
      assert.match(r.stderr, new RegExp(`\\[${node} [\\d.]+\\] preflight: ${PREFLIGHT_CHECK_COUNT} checks: \\d+ passed, \\d+ warnings? \\([^)]*hostname-unique`), r.stderr);
    }
    assert.match(r.stderr, /\[agent-1 127\.0\.0\.61\] preflight: .*warnings? \(sftp, /);
    // The summary lists each warning with its reason.
    assert.match(r.stdout, /^Preflight \d+ warnings:$/m);
    assert.match(r.stdout, /^ {2}agent-1 \(127\.0\.0\.61\)\s+sftp\s+no SFTP subsystem \(`Subsystem sftp` in sshd_config\): files are streamed over exec channels instead/m);
    assert.match(r.stdout, /^ {2}master-1 \(127\.0\.0\.60\)\s+hostname-unique\s+\S+ is also the hostname of agent-1, agent-2$/m);
    // What arrived over exec is what SFTP would have written: the bundle installed, secrets 0600.
    assert.equal(onHost(1, 'readlink /opt/dcos/current'), onHost(2, 'readlink /opt/dcos/current'));
    assert.equal(onHost(1, 'stat -c %a /etc/dcos/secrets/node-token; cmp -s /etc/dcos/secrets/node-token /dev/null || echo filled'), '600\nfilled');
  });

  it('cluster list shows the cluster running, in the table and with --json', async () => {
    assert.match(await dcosOk(dir, ['cluster', 'list']), /^newuser\*\s+ssh\s+running\s+http:\/\/127\.0\.0\.60:5050$/m);
    const list = JSON.parse(await dcosOk(dir, ['cluster', 'list', '--json'])) as Array<{ name: string; status: string }>;
    assert.deepEqual(list.map((c) => [c.name, c.status]), [['newuser', 'running']]);
  });

  it('add-node with a host that cannot be reached fails, and cluster.yaml stays byte for byte as it was', async () => {
    const before = readFileSync(file);
    const recorded = readFileSync(join(dir, 'clusters', 'newuser', 'cluster.json'), 'utf8');
    const r = await dcos(dir, ['cluster', 'add-node', file, '127.0.0.69']);
    assert.equal(r.exitCode, 1, r.stdout);
    assert.match(r.stderr, /ssh root@127\.0\.0\.69:22: connection refused/);
    assert.match(r.stderr, new RegExp(`cluster\\.yaml was not changed; retry just them: dcos cluster add-node ${file.replace(/[.]/g, '\\.')} 127\\.0\\.0\\.69`));
    assert.ok(readFileSync(file).equals(before), 'cluster.yaml is unchanged');
    assert.equal(readFileSync(join(dir, 'clusters', 'newuser', 'cluster.json'), 'utf8'), recorded, 'the CLI\'s record is unchanged');
    assert.equal((await dcos(dir, ['cluster', 'up', file])).exitCode, 0, 'a later up works: the file names no unreachable host');
  });

  it('add-node provisions a new host, and only then adds just its lines to the hand-kept file', async () => {
    const before = readFileSync(file, 'utf8');
    const r = await dcos(dir, ['cluster', 'add-node', file, h(3).host, '--attribute', 'rack=r9']);
    assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /agent-3\s+127\.0\.0\.63\s+changed/);
    const lines = `    -   host: ${h(3).host}\n        attributes: {rack: r9}\n`;
    assert.equal(readFileSync(file, 'utf8'), before.replace('    # more to come\n', `${lines}    # more to come\n`), 'the new lines, and no other change');
    const nodes = JSON.parse(await dcosOk(dir, ['node', 'list', '--json'])) as Array<{ hostname: string; attributes: Record<string, string> }>;
    assert.equal(nodes.find((n) => n.hostname === h(3).host)?.attributes.rack, 'r9');
  });

  it('refuses a CLI older than the runtime on the hosts, naming both versions, and changes nothing', async () => {
    writeFileSync(join(dir, 'app.json'), JSON.stringify({ id: '/keep', cmd: 'exec sleep 1301', instances: 2, cpus: 0.05, mem: 16 }));
    await dcosOk(dir, ['marathon', 'app', 'add', join(dir, 'app.json')]);
    await eventually(async () => (await taskIds()).length === 2, 30_000, '2 running tasks');
    const [current, pids] = [onHost(1, 'readlink /opt/dcos/current'), daemonPids()];
    const older = cliOfVersion('0.0.1');
    for (const args of [['cluster', 'up', file], ['cluster', 'upgrade', file]]) {
      const r = await runCli(older, args);
      assert.equal(r.exitCode, 1, r.stdout);
      assert.match(r.stderr, new RegExp(`^Error: cluster "newuser" runs the runtime ${version.replace(/\./g, '\\.')} \\(bundle [0-9a-f]{12} on master-1, agent-1, agent-2, agent-3\\), and this CLI carries the older 0\\.0\\.1 \\(bundle [0-9a-f]{12}\\): refusing to downgrade\\. Use a CLI of ${version.replace(/\./g, '\\.')} or newer, or pass --allow-downgrade`, 'm'));
    }
    assert.equal(JSON.parse((await runCli(older, ['cluster', 'up', file, '--json'])).stdout.trim().split('\n').pop()!).error.code, 'DCOS_ERR_DOWNGRADE');
    assert.equal(onHost(1, 'readlink /opt/dcos/current'), current);
    assert.deepEqual(daemonPids(), pids, 'no daemon was restarted');
  });

  it('rolls back with --allow-downgrade: masters, then agents one batch at a time, tasks running on', async () => {
    const tasks = await taskIds();
    const r = await runCli(cliOfVersion('0.0.2'), ['cluster', 'up', file, '--allow-downgrade', '--json']);
    assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
    assertRolling(events(r.stdout));
    assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!).runtime, { from: [version], to: '0.0.2' });
    assert.deepEqual([0, 1, 2, 3].map(runtimeOn), ['0.0.2', '0.0.2', '0.0.2', '0.0.2']);
    assert.deepEqual(await taskIds(), tasks, 'the same tasks run');
  });

  it('takes the same rolling path when a plain `cluster up` brings a newer runtime', async () => {
    const tasks = await taskIds();
    const r = await dcos(dir, ['cluster', 'up', file, '--json']);
    assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
    assertRolling(events(r.stdout));
    assert.deepEqual([0, 1, 2, 3].map(runtimeOn), [version, version, version, version]);
    assert.deepEqual(await taskIds(), tasks, 'the same tasks run');
    assert.match(await dcosOk(dir, ['cluster', 'up', file]), new RegExp(`^Postflight: .*no canary task \\(nothing changed\\)`, 'm'), 'then nothing is left to change');
  });

  it('does not wait for a master that failed preflight before reporting it', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(5050, h(3).host, resolve));
    try {
      const other = join(dir, 'other.yaml');
      writeFileSync(other, `name: other\nssh: {keyFile: ${hosts.keyFile}}\nmasters: [{host: ${h(3).host}}]\nagents: [{host: 127.0.0.69}]\n`);
      const started = Date.now();
      const r = await dcos(dir, ['cluster', 'up', other]);
      assert.equal(r.exitCode, 1);
      assert.match(r.stdout, /master-1\s+127\.0\.0\.63\s+failed\s+preflight failed: \d+ checks: .*ports: port 5050 on 127\.0\.0\.63 is in use by another program/);
      assert.ok(Date.now() - started < 20_000, `reported after ${Date.now() - started} ms`);
    } finally {
      busy.close();
    }
  });

  it('cluster list shows the cluster unreachable once it is down', async () => {
    await dcosOk(dir, ['cluster', 'down', file]);
    const list = JSON.parse(await dcosOk(dir, ['cluster', 'list', '--json'])) as Array<{ name: string; status: string }>;
    assert.deepEqual(list.map((c) => [c.name, c.status]), [['newuser', 'unreachable']]);
  });

  /** Every host was prepared before any daemon restarted; the master restarted first; then each agent after the one before it was back. */
  function assertRolling(list: Event[]): void {
    const agents = ['agent-1', 'agent-2', 'agent-3'];
    const masterStart = at(list, 'master-1', 'start', 'started');
    assert.ok(masterStart >= 0, 'the master restarted');
    for (const a of agents) assert.ok(at(list, a, 'configure', 'done') < masterStart, `${a} was prepared before the master restarted`);
    let previous = at(list, 'master-1', 'start', 'done');
    for (const a of agents) {
      const start = at(list, a, 'start', 'started');
      assert.ok(start > previous, `${a} restarted after ${previous === at(list, 'master-1', 'start', 'done') ? 'the master' : 'the agent before it'} was back`);
      previous = at(list, a, 'start', 'done');
    }
  }
});
