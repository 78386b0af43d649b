import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes } from '../../src/core/errors.js';
import { preflightHost } from '../../src/provisioner/preflight/preflight.js';
import { dcos } from '../harness/dcos-cli.js';
import { eventually, listProcesses } from '../harness/proc.js';
import { rejectsWith, sshSuite } from '../harness/ssh-suite.js';
import type { SshTestHost, SshTestHosts } from '../harness/ssh-hosts.js';
import { testSpec } from '../unit/provisioner/spec-fixture.js';

/**
 * Two ways a new user's setup differs from the test hosts' defaults: an sshd without the
 * SFTP subsystem, and keys held by ssh-agent (one of them protected by a passphrase).
 * Real sshd test hosts; a real ssh-agent started (and stopped) by this suite.
 */
describe('SSH without SFTP, and with ssh-agent', function () {
  this.timeout(60_000);
  let hosts: SshTestHosts;
  let withSftp: SshTestHost;
  let noSftp: SshTestHost;
  let work: string;
  const suite = sshSuite({ count: 2, firstOctet: 70, withoutSftp: [1] });
  const { connector, session } = suite;
  before(() => {
    ({ hosts, work } = suite);
    [withSftp, noSftp] = hosts.hosts;
  });

  describe('a host whose sshd has no SFTP subsystem', () => {
    it('is told apart from one that has it', async () => {
      assert.equal(await (await session(withSftp.target())).fileTransfer(), 'sftp');
      assert.equal(await (await session(noSftp.target())).fileTransfer(), 'exec');
    });

    it('gets uploads streamed over exec: the same bytes (sha256sum on the host agrees), the mode asked for, progress, no temporary file left', async () => {
      const s = await session(noSftp.target());
      const local = join(work, 'bundle.tar');
      const data = randomBytes(3 * 1024 * 1024 + 17);
      writeFileSync(local, data);
      const progress: Array<[number, number]> = [];
      await s.upload(local, '/opt/dcos/bundle.tar.part', { mode: 0o640, onProgress: (sent, total) => progress.push([sent, total]) });
      const r = await s.exec('sha256sum /opt/dcos/bundle.tar.part; stat -c %a /opt/dcos/bundle.tar.part; ls -a /opt/dcos');
      assert.equal(r.stdout, `${createHash('sha256').update(data).digest('hex')}  /opt/dcos/bundle.tar.part\n640\n.\n..\nbundle.tar.part\n`);
      assert.ok(progress.length > 1);
      assert.deepEqual(progress.at(-1), [data.length, data.length]);
    });

    it('gets a secret written 0600 over exec: on stdin only, never in any process\'s argv, never readable by others while written', async () => {
      const s = await session(noSftp.target());
      await s.exec('mkdir -p /etc/dcos/secrets && echo old > /etc/dcos/secrets/token && chmod 644 /etc/dcos/secrets/token');
      const watcher = s.exec(`cd /etc/dcos/secrets && while [ "$(stat -c %s token)" = 4 ]; do
        for f in token.tmp-*; do stat -c %a "$f" 2>/dev/null; done
      done | sort | uniq -c`);
      await new Promise((r) => setTimeout(r, 200));
      const secret = `s3cr3t-${randomBytes(2 * 1024 * 1024).toString('base64')}`;
      // Every process of this machine (the host's among them) is looked at while the write runs.
      let writing = true;
      let sawTheWrite = false;
      const sampled = (async () => {
        while (writing) {
          for (const p of listProcesses()) {
            const argv = p.argv.join(' ');
            assert.ok(!argv.includes(secret.slice(0, 40)), `the secret is in the argv of pid ${p.pid}`);
            if (argv.includes('umask 077') && argv.includes('/etc/dcos/secrets/token')) sawTheWrite = true;
          }
          await new Promise((r) => setImmediate(r));
        }
      })();
      try {
        await s.writeFile('/etc/dcos/secrets/token', secret, 0o600);
      } finally {
        writing = false;
        await sampled;
      }
      assert.ok(sawTheWrite, 'the write was seen in progress');
      const seen = (await watcher).stdout.trim();
      assert.match(seen, /^\d+ 600$/, `the temporary file was only ever mode 600: ${seen}`);
      const r = await s.exec('stat -c %a /etc/dcos/secrets/token; sha256sum < /etc/dcos/secrets/token; ls -a /etc/dcos/secrets');
      assert.equal(r.stdout, `600\n${createHash('sha256').update(secret).digest('hex')}  -\n.\n..\ntoken\n`);
    });

    it('fails a write into a missing directory, naming the host, the path and why', async () => {
      const s = await session(noSftp.target());
      await rejectsWith(s.writeFile('/etc/dcos/missing/x', 'x', 0o600), ErrorCodes.SSH, 'ssh root@127.0.0.71:22: writing /etc/dcos/missing/x failed: ');
      assert.equal((await s.exec('test -e /etc/dcos/missing; echo $?')).stdout, '1\n', 'nothing was created');
    });

    it('is flagged by preflight: the sftp check warns that files are streamed over exec, and passes where SFTP answers', async () => {
      const spec = testSpec(1);
      const node = (h: SshTestHost) => ({ ...spec.agents[0], address: h.host, ssh: h.target() });
      const bundle = { arch: execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim(), size: 1 };
      const sftp = (await preflightHost(await session(noSftp.target()), spec, node(noSftp), bundle)).results.find((r) => r.id === 'sftp');
      assert.equal(sftp?.status, 'warn');
      assert.match(sftp!.detail, /^no SFTP subsystem \(`Subsystem sftp` in sshd_config\): files are streamed over exec channels instead/);
      const ok = (await preflightHost(await session(withSftp.target()), spec, node(withSftp), bundle)).results.find((r) => r.id === 'sftp');
      assert.equal(ok?.status, 'pass');
    });
  });

  describe('keys held by ssh-agent', () => {
    let agent: ChildProcess | undefined;
    let socket: string;
    /** The harness's client key, protected by a passphrase on disk; ssh-agent holds it. */
    let lockedHeld: string;
    /** Another key with a passphrase, which ssh-agent does not hold. */
    let lockedOther: string;

    before(async () => {
      const keys = join(work, 'agent-keys');
      mkdirSync(keys, { mode: 0o700 });
      socket = join(keys, 'agent.sock');
      agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
      await eventually(() => existsSync(socket), 5_000, 'ssh-agent to listen');
      lockedHeld = join(keys, 'held');
      copyFileSync(hosts.keyFile, lockedHeld);
      execFileSync('ssh-add', ['-q', lockedHeld], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      execFileSync('ssh-keygen', ['-q', '-p', '-P', '', '-N', 'a pass phrase', '-f', lockedHeld]);
      lockedOther = join(keys, 'other');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'another phrase', '-f', lockedOther]);
    });
    after(async () => {
      if (agent?.exitCode !== null || agent.signalCode !== null) return;
      const exited = new Promise((resolve) => agent!.once('exit', resolve));
      agent.kill('SIGTERM');
      await exited;
    });

    it('log in with a key file protected by a passphrase that ssh-agent holds', async () => {
      const s = await session({ ...withSftp.target(), keyFile: lockedHeld }, { agentSocket: socket });
      assert.equal((await s.exec('echo in')).stdout, 'in\n');
    });

    it('log in with no key file at all, as ssh does', async () => {
      const { keyFile: _none, ...target } = noSftp.target();
      const s = await session(target, { agentSocket: socket });
      assert.equal((await s.exec('echo in')).stdout, 'in\n');
    });

    it('are refused for a key with a passphrase the agent does not hold, naming the file and ssh-add', async () => {
      await rejectsWith(connector({ agentSocket: socket }).connect({ ...withSftp.target(), keyFile: lockedOther }), ErrorCodes.SSH,
        `ssh root@127.0.0.70:22: the key file ${lockedOther} is protected by a passphrase, and ssh-agent (SSH_AUTH_SOCK=${socket}) does not hold it: run \`ssh-add ${lockedOther}\``);
    });

    it('are missed without an agent: a key with a passphrase is refused naming ssh-add, and nothing prompts', async () => {
      await rejectsWith(connector().connect({ ...withSftp.target(), keyFile: lockedHeld }), ErrorCodes.SSH,
        `the key file ${lockedHeld} is protected by a passphrase, and no ssh-agent runs (SSH_AUTH_SOCK is not set); dcos never asks for passphrases: start ssh-agent (eval "$(ssh-agent)") and run \`ssh-add ${lockedHeld}\``);
      const { keyFile: _none, ...target } = withSftp.target();
      await rejectsWith(connector().connect(target), ErrorCodes.SSH, 'no keyFile is set for this node and no ssh-agent runs (SSH_AUTH_SOCK is not set)');
    });

    it('are used by the CLI from SSH_AUTH_SOCK, as ssh and Ansible use them (dcos node ssh on a node without a key file)', async () => {
      const dcosDir = join(work, 'dcos');
      mkdirSync(join(dcosDir, 'clusters', 'lab'), { recursive: true });
      const { keyFile: _none, ...target } = noSftp.target();
      writeFileSync(join(dcosDir, 'clusters', 'lab', 'cluster.json'), JSON.stringify({
        name: 'lab', url: `http://${noSftp.host}:5050`, tokenFile: join(dcosDir, 'token'), type: 'ssh', createdAt: new Date().toISOString(),
        ssh: { file: '/nowhere/cluster.yaml', nodes: [{ name: 'agent-1', role: 'agent', address: noSftp.host, ssh: target }] },
      }));
      writeFileSync(join(dcosDir, 'attached'), 'lab\n');
      const r = await dcos(dcosDir, ['node', 'ssh', 'agent-1', '--', 'echo', 'via agent'], { env: { SSH_AUTH_SOCK: socket } });
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.stdout, 'via agent');
    });
  });
});
