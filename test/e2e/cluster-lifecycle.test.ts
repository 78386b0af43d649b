import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, dcos, dcosOk } from '../harness/dcos-cli.js';
import { eventually } from '../harness/proc.js';
import { startSshHosts, type SshTestHosts } from '../harness/ssh-hosts.js';

/**
 * The lifecycle of a cluster over SSH beyond the first `up`: preflight, --dry-run,
 * add-node, a rolling upgrade that keeps tasks running, down --purge; and the ways it
 * fails (unreachable host, wrong key, a port in use, bad YAML), each with its message.
 */
describe('cluster lifecycle over SSH', function () {
  this.timeout(180_000);
  let hosts: SshTestHosts;
  let dir: string;
  let file: string;
  const h = (i: number) => hosts.hosts[i];
  const yaml = (agents: number[], extra: string[] = []) => [
    'name: life', 'ssh:', `  keyFile: ${hosts.keyFile}`, 'masters:', `  - host: ${h(0).host}`, 'agents:',
    ...agents.map((i) => `  - host: ${h(i).host}`), ...extra,
  ].join('\n');
  const onHost = (i: number, command: string) => execFileSync('ssh', [
    '-i', hosts.keyFile, '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', `root@${h(i).host}`, command,
  ], { encoding: 'utf8' }).trim();

  before(async () => {
    hosts = await startSshHosts({ count: 3, firstOctet: 30 });
    dir = mkdtempSync(join(tmpdir(), 'dcos-life-'));
    file = join(dir, 'cluster.yaml');
    writeFileSync(file, `# the lifecycle test cluster\n${yaml([1])}\n`);
  });

  after(async () => {
    await hosts?.stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('preflight runs every check on every host and prints a check × host table', async () => {
    const out = await dcosOk(dir, ['cluster', 'preflight', file]);
    assert.match(out, /CHECK\s+master-1\s+agent-1/i);
    const rows = out.split("\n").filter((l) => /^\S+\s+(ok|WARN|FAIL)\s+(ok|WARN|FAIL)\s/.test(l));
    assert.ok(rows.length >= 20, `at least 20 checks per host, got ${rows.length}\n${out}`);
    const json = JSON.parse(await dcosOk(dir, ['cluster', 'preflight', file, '--json']));
    assert.deepEqual(json.map((x: { node: { name: string } }) => x.node.name), ['master-1', 'agent-1']);
  });

  it('--dry-run prints what would change on each host and changes nothing', async () => {
    const out = await dcosOk(dir, ['cluster', 'up', file, '--dry-run']);
    assert.match(out, /master-1.*upload/);
    assert.match(out, /agent-1.*upload/);
    assert.equal(onHost(0, 'ls /opt/dcos 2>/dev/null | wc -l'), '0');
  });

  it('converges when run again after being killed in the middle of an install', async () => {
    const { execa } = await import('execa');
    const child = execa(process.execPath, [CLI, 'cluster', 'up', file, '--json'], { env: { DCOS_DIR: dir }, reject: false, buffer: false });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (d: Buffer) => {
        seen += d.toString();
        // Killed once a host is unpacking the bundle: half-extracted files, no `current` yet.
        if (/"stage":"install","status":"started"/.test(seen)) resolve();
      });
      void child.then(() => resolve());
    });
    child.kill('SIGKILL');
    await child;
    const out = await dcosOk(dir, ['cluster', 'up', file]);
    assert.match(out, /canary task ran/);
    assert.doesNotMatch(out, /failed/);
    assert.equal(onHost(1, 'ls /opt/dcos/versions | grep -c tmp || true'), '0', 'no half-extracted version is left');
  });

  it('adds a node to the file and provisions only it', async () => {
    const out = await dcosOk(dir, ['cluster', 'add-node', file, h(2).host, '--attribute', 'rack=r9']);
    assert.match(out, /agent-2\s+127\.0\.0\.32\s+changed/);
    assert.doesNotMatch(out, /master-1/, 'the other hosts are not touched');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# the lifecycle test cluster/, 'comments are kept');
    assert.match(text, new RegExp(`host: ${h(2).host.replace(/\./g, '\\.')}`));
    const nodes = JSON.parse(await dcosOk(dir, ['node', 'list', '--json'])) as Array<{ hostname: string; attributes: Record<string, string> }>;
    assert.equal(nodes.find((n) => n.hostname === h(2).host)?.attributes.rack, 'r9');
  });

  it('upgrades to a new bundle host by host, tasks running on', async () => {
    writeFileSync(join(dir, 'app.json'), JSON.stringify({ id: '/keep', cmd: 'exec sleep 1201', instances: 2, cpus: 0.05, mem: 16 }));
    await dcosOk(dir, ['marathon', 'app', 'add', join(dir, 'app.json')]);
    await eventually(async () => JSON.parse(await dcosOk(dir, ['marathon', 'app', 'show', '/keep', '--json'])).tasksRunning === 2, 20_000, '2 tasks');
    const tasksBefore = JSON.parse(await dcosOk(dir, ['marathon', 'task', 'list', '/keep', '--json'])).map((t: { id: string }) => t.id).sort();
    // A newer CLI: the same package with one more file, so its bundle has another SHA-256.
    const newer = join(dir, 'newer-cli');
    mkdirSync(newer);
    for (const part of ['bin', 'dist', 'templates', 'package.json', 'oclif.manifest.json']) cpSync(join(ROOT, part), join(newer, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(newer, 'node_modules'));
    writeFileSync(join(newer, 'dist', 'RELEASE'), 'next\n');
    const { execa } = await import('execa');
    const r = await execa(process.execPath, [join(newer, 'bin/run.js'), 'cluster', 'upgrade', file], { env: { DCOS_DIR: dir }, reject: false });
    assert.equal(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(String(r.stdout), /master-1\s+\S+\s+changed\s+upload, install, configure, start/);
    assert.match(String(r.stdout), /canary task ran/);
    const current = onHost(1, 'readlink /opt/dcos/current');
    assert.equal(onHost(1, `cat /opt/dcos/${current}/dist/RELEASE`), 'next');
    assert.equal(onHost(1, 'ls /opt/dcos/versions | wc -l'), '2', 'the previous version is kept for rollback');
    const tasksAfter = JSON.parse(await dcosOk(dir, ['marathon', 'task', 'list', '/keep', '--json'])).map((t: { id: string }) => t.id).sort();
    assert.deepEqual(tasksAfter, tasksBefore, 'the same tasks run after the upgrade');
    assert.ok(CLI);
  });

  it('down --purge removes everything from the hosts and forgets the cluster', async () => {
    await dcosOk(dir, ['cluster', 'down', file, '--purge']);
    for (let i = 0; i < 3; i++) assert.equal(onHost(i, 'ls -A /opt/dcos /etc/dcos /var/lib/dcos 2>/dev/null | grep -v : | grep -c . || true'), '0');
    const list = JSON.parse(await dcosOk(dir, ['cluster', 'list', '--json']));
    assert.ok(!list.some((c: { name: string }) => c.name === 'life'));
  });

  describe('failures, each with its exact message', () => {
    it('an unreachable host', async () => {
      const bad = join(dir, 'unreachable.yaml');
      writeFileSync(bad, yaml([1]).replace(`host: ${h(1).host}`, 'host: 127.0.0.39'));
      const r = await dcos(dir, ['cluster', 'preflight', bad]);
      assert.notEqual(r.exitCode, 0);
      assert.match(r.stdout + r.stderr, /ssh root@127\.0\.0\.39:22: connection refused/);
    });

    it('a key the host does not accept', async () => {
      const key = join(dir, 'stranger');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
      const bad = join(dir, 'wrong-key.yaml');
      writeFileSync(bad, yaml([1]).replace(`keyFile: ${hosts.keyFile}`, `keyFile: ${key}`));
      const r = await dcos(dir, ['cluster', 'preflight', bad]);
      assert.notEqual(r.exitCode, 0);
      assert.ok((r.stdout + r.stderr).includes(`ssh root@${h(0).host}:22: the key ${key} was rejected (authentication failed)`), r.stdout + r.stderr);
    });

    it("a port the agent needs is in use", async () => {
      const server: Server = createServer();
      await new Promise<void>((resolve) => server.listen(5051, h(1).host, resolve));
      try {
        const r = await dcos(dir, ['cluster', 'preflight', file]);
        assert.notEqual(r.exitCode, 0);
        assert.match(r.stdout, new RegExp(`agent-1.*ports.*FAIL.*port 5051 on ${h(1).host.replace(/\./g, '\\.')} is in use by another program`));
      } finally {
        server.close();
      }
    });

    it('bad YAML, with file, line and hint', async () => {
      const bad = join(dir, 'bad.yaml');
      writeFileSync(bad, 'name: life\nssh:\n  kefile: /k\nmasters: []\n');
      const r = await dcos(dir, ['cluster', 'up', bad]);
      assert.equal(r.exitCode, 2);
      assert.match(r.stderr, /bad\.yaml:3:3\s+\/ssh\/kefile: .*\(hint: did you mean `keyFile`\?\)/);
    });
  });
});
