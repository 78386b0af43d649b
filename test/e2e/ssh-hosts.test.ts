import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { connect, createServer, type Server } from 'node:net';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { ErrorCodes } from '../../src/core/errors.js';
import { HostKeyStore } from '../../src/provisioner/ssh/host-key-store.js';
import type { HostKeyDecision } from '../../src/provisioner/ssh/host-key-trust.js';
import { formatLine } from '../../src/provisioner/ssh/known-hosts.js';
import { runAttached } from '../../src/provisioner/ssh/attached-command.js';
import { SshPool } from '../../src/provisioner/ssh/ssh-pool.js';
import type { SshConnector } from '../../src/provisioner/ssh/ssh-session.js';
import { Ssh2Connector } from '../../src/provisioner/ssh/ssh2-connector.js';
import { ROOT } from '../harness/dcos-cli.js';
import { eventually, processesRunning } from '../harness/proc.js';
import { rejectsWith, sshSuite } from '../harness/ssh-suite.js';
import { removeOrphanedHosts, startSshHosts, type SshTestHost, type SshTestHosts } from '../harness/ssh-hosts.js';

describe('SSH to real sshd test hosts', function () {
  this.timeout(60_000);
  let a: SshTestHost;
  let b: SshTestHost;
  let c: SshTestHost;
  let work: string;
  const suite = sshSuite({ count: 3, firstOctet: 10 });
  const { connector, session } = suite;
  before(() => {
    work = suite.work;
    [a, b, c] = suite.hosts.hosts;
  });

  describe('exec', () => {
    it('returns stdout, stderr and the exit code, and never rejects on a non-zero exit', async () => {
      const s = await session(a);
      assert.deepEqual(await s.exec('echo out; echo err >&2; exit 3'), { code: 3, stdout: 'out\n', stderr: 'err\n' });
      assert.equal((await s.exec('true')).code, 0);
    });

    it('passes stdin to the command, binary-safe, then closes it', async () => {
      const s = await session(a);
      const data = randomBytes(200_000);
      const r = await s.exec('sha256sum', { stdin: data });
      assert.equal(r.stdout.split(' ')[0], createHash('sha256').update(data).digest('hex'));
      assert.equal((await s.exec('cat; echo done')).stdout, 'done\n', 'without stdin the command reads EOF at once');
    });

    it('streams output to callbacks as it arrives', async () => {
      const s = await session(a);
      const chunks: string[] = [];
      const errs: string[] = [];
      await s.exec('echo one; sleep 0.2; echo two; echo three >&2', { onStdout: (c) => chunks.push(c.toString()), onStderr: (c) => errs.push(c.toString()) });
      assert.ok(chunks.length >= 2, `one chunk per write, got ${JSON.stringify(chunks)}`);
      assert.equal(chunks.join(''), 'one\ntwo\n');
      assert.equal(errs.join(''), 'three\n');
    });

    it('reports a command killed by a signal as 128+N with the signal name', async () => {
      const s = await session(a);
      const r = await s.exec('kill -KILL $$');
      assert.equal(r.code, 137);
      assert.equal(r.signal, 'SIGKILL');
    });

    it('fails a command that outlives its timeout, naming the host, and kills it on the host', async () => {
      const s = await session(a);
      const started = Date.now();
      await rejectsWith(s.exec('exec sleep 31.5', { timeoutMs: 300 }), ErrorCodes.SSH, 'ssh root@127.0.0.10:22: `exec sleep 31.5` did not finish within 300 ms');
      assert.ok(Date.now() - started < 3_000);
      await eventually(() => processesRunning(['sleep', '31.5']).length === 0, 5_000, 'the timed-out command to be killed');
      assert.equal((await s.exec('echo still usable')).stdout, 'still usable\n');
    });

    it('runs many commands at once on one connection (more than sshd\'s default MaxSessions)', async () => {
      const s = await session(a);
      const results = await Promise.all(Array.from({ length: 25 }, (_, i) => s.exec(`sleep 0.1; echo ${i}`)));
      assert.deepEqual(results.map((r) => r.stdout), Array.from({ length: 25 }, (_, i) => `${i}\n`));
    });

    it('runs a command on a pseudo-terminal with streamed stdin (dcos node ssh)', async () => {
      const s = await session(a);
      const ch = await s.interactive(undefined, { pty: { rows: 30, cols: 100, term: 'xterm' } });
      let out = '';
      ch.stdout.on('data', (c: Buffer) => { out += c.toString(); });
      ch.stdin.write('stty size; tty; exit 7\n');
      const exit = await ch.exit;
      assert.equal(exit.code, 7);
      assert.match(out, /30 100/);
      assert.match(out, /\/dev\/pts\//);
    });
  });

  describe('attached commands (dcos node ssh)', () => {
    it('put the local terminal in raw mode, forward its size changes, and restore it at the end', async () => {
      const s = await session(a);
      const rawModes: boolean[] = [];
      const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (raw: boolean) => rawModes.push(raw) });
      const stdout = Object.assign(new PassThrough(), { isTTY: true, rows: 24, columns: 80 });
      let screen = '';
      stdout.on('data', (c: Buffer) => { screen += c.toString(); });
      const done = runAttached(s, undefined, { stdin, stdout, stderr: new PassThrough(), term: 'xterm' });
      stdin.write('stty size\n');
      await eventually(() => /^24 80\r?$/m.test(screen), 5_000, 'the first size');
      assert.deepEqual(rawModes, [true]);
      Object.assign(stdout, { rows: 40, columns: 120 }).emit('resize');
      stdin.write('stty size; exit 3\n');
      assert.equal(await done, 3);
      assert.match(screen, /^40 120\r?$/m);
      assert.deepEqual(rawModes, [true, false]);
    });
  });

  describe('files over SFTP', () => {
    it('uploads a file that sha256sum on the host agrees with, reporting progress and setting the mode', async () => {
      const s = await session(a);
      const local = join(work, 'bundle.tar');
      const data = randomBytes(3 * 1024 * 1024 + 17);
      writeFileSync(local, data);
      const progress: Array<[number, number]> = [];
      await s.upload(local, '/opt/dcos/bundle.tar', { mode: 0o640, onProgress: (sent, total) => progress.push([sent, total]) });
      const r = await s.exec('sha256sum /opt/dcos/bundle.tar; stat -c %a /opt/dcos/bundle.tar; ls -a /opt/dcos');
      const [sum, mode] = r.stdout.split('\n');
      assert.equal(sum.split(' ')[0], createHash('sha256').update(data).digest('hex'));
      assert.equal(mode, '640');
      assert.doesNotMatch(r.stdout, /\.tmp-/, 'no temporary file is left');
      assert.ok(progress.length > 1);
      assert.deepEqual(progress.at(-1), [data.length, data.length]);
    });

    it('writes a secret with mode 0600, replacing the old file, and no temporary file is ever readable by others', async () => {
      const s = await session(a);
      await s.exec('mkdir -p /etc/dcos/secrets && echo old > /etc/dcos/secrets/token && chmod 644 /etc/dcos/secrets/token');
      // A watcher on the host notes the mode of every temporary file it sees, until the file is in place.
      const watcher = s.exec(`cd /etc/dcos/secrets && while [ "$(stat -c %s token)" = 4 ]; do
        for f in token.tmp-*; do stat -c %a "$f" 2>/dev/null; done
      done | sort | uniq -c`);
      await new Promise((r) => setTimeout(r, 200));
      const secret = `s3cr3t-${randomBytes(2 * 1024 * 1024).toString('base64')}`;
      await s.writeFile('/etc/dcos/secrets/token', secret, 0o600);
      const seen = (await watcher).stdout.trim();
      assert.match(seen, /^\d+ 600$/, `the temporary file was seen while being written, only ever with mode 600: ${seen}`);
      const r = await s.exec('stat -c %a /etc/dcos/secrets/token; sha256sum < /etc/dcos/secrets/token; ls -a /etc/dcos/secrets');
      assert.equal(r.stdout, `600\n${createHash('sha256').update(secret).digest('hex')}  -\n.\n..\ntoken\n`, 'replaced in place, no temporary file left');
    });

    it('writes with exactly the mode asked for, whatever the remote umask', async () => {
      const s = await session(a);
      await s.writeFile('/etc/dcos/node.json', '{}', 0o664);
      assert.equal((await s.exec('stat -c %a /etc/dcos/node.json')).stdout, '664\n');
    });

    it('fails a write into a missing directory, naming the host and the path', async () => {
      const s = await session(a);
      await rejectsWith(s.writeFile('/etc/dcos/missing/x', 'x', 0o600), ErrorCodes.SSH, 'ssh root@127.0.0.10:22: writing /etc/dcos/missing/x failed');
    });
  });

  describe('test hosts', () => {
    it('keep /opt/dcos, /etc/dcos and /var/lib/dcos private: tmpfs in each host\'s own mount namespace', async () => {
      const [sa, sb] = [await session(a), await session(b)];
      const name = `private-${randomBytes(4).toString('hex')}`;
      assert.equal((await sa.exec(`echo a > /opt/dcos/${name} && cat /opt/dcos/${name}`)).stdout, 'a\n');
      assert.equal((await sb.exec(`test -e /opt/dcos/${name}; echo $?`)).stdout, '1\n', 'absent on host B');
      assert.ok(!existsSync(`/opt/dcos/${name}`), 'absent on this machine');
      assert.equal((await sa.exec('findmnt -n -o FSTYPE /opt/dcos; findmnt -n -o FSTYPE /etc/dcos; findmnt -n -o FSTYPE /var/lib/dcos')).stdout, 'tmpfs\ntmpfs\ntmpfs\n');
      assert.notEqual(a.namespace, b.namespace);
    });

    it('see a process started over SSH as one of the host\'s, after sshd has let go of it', async () => {
      const s = await session(b);
      await s.exec('setsid -f sleep 1002 </dev/null >/dev/null 2>&1');
      const [pid] = await eventually(() => { const p = processesRunning(['sleep', '1002']); return p.length ? p : undefined; }, 5_000, 'sleep 1002');
      assert.ok(b.processes().includes(pid));
      assert.ok(!a.processes().includes(pid));
    });
  });

  describe('host key trust', () => {
    it('records a new host\'s key on first use, trusts it afterwards, and fails hard once the host key changes', async () => {
      const storeFile = join(work, 'tofu', 'known_hosts');
      const notices: string[] = [];
      const first = await session(c, { storeFile, onRecorded: (m) => notices.push(m) });
      assert.deepEqual(notices, [`recorded host key ${c.hostKeyFingerprint} for root@127.0.0.12:22 (first use)`]);
      assert.equal(first.hostKeyFingerprint, c.hostKeyFingerprint);
      assert.equal(readFileSync(storeFile, 'utf8'), `127.0.0.12 ${readFileSync(`${c.hostKeyFile}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
      assert.equal(statSync(storeFile).mode & 0o777, 0o600);

      const decisions: HostKeyDecision[] = [];
      await session(c, { storeFile, onHostKey: (_, d) => decisions.push(d), onRecorded: (m) => notices.push(m) });
      assert.deepEqual(decisions.map((d) => [d.source, d.recorded]), [['dcos_known_hosts', false]]);
      assert.equal(notices.length, 1);

      const old = c.hostKeyFingerprint;
      const renewed = await c.replaceHostKey();
      const acceptedBefore = readFileSync(c.logFile, 'utf8').split('Accepted publickey').length;
      await rejectsWith(connector({ storeFile }).connect(c.target()), ErrorCodes.HOST_KEY,
        'ssh root@127.0.0.12:22: the host key has CHANGED', old, renewed, `${storeFile}:1`, 'If the host was reinstalled, remove its line from');
      assert.equal(readFileSync(c.logFile, 'utf8').split('Accepted publickey').length, acceptedBefore, 'the client never authenticated to the changed host');
      assert.equal(readFileSync(storeFile, 'utf8').split('\n').length, 2, 'the recorded key is kept');
    });

    it('connects when the pinned fingerprint matches and refuses when it does not', async () => {
      const pinned = await session({ ...b.target(), hostKey: b.hostKeyFingerprint });
      assert.equal(pinned.hostKey.source, 'pinned');
      await rejectsWith(connector().connect({ ...b.target(), hostKey: a.hostKeyFingerprint }), ErrorCodes.HOST_KEY,
        'ssh root@127.0.0.11:22: host key mismatch', a.hostKeyFingerprint, b.hostKeyFingerprint);
    });

    it('trusts a host in the user\'s known_hosts, hashed as ssh writes it, without recording it again', async () => {
      const userFile = join(work, 'user_known_hosts');
      writeFileSync(userFile, formatLine('127.0.0.11', Buffer.from(readFileSync(`${b.hostKeyFile}.pub`, 'utf8').split(' ')[1], 'base64')));
      execFileSync('ssh-keygen', ['-H', '-f', userFile], { stdio: 'ignore' });
      const storeFile = join(work, 'untouched', 'known_hosts');
      const s = await session(b, { storeFile, userFiles: [userFile] });
      assert.equal(s.hostKey.source, 'known_hosts');
      assert.ok(!existsSync(storeFile));
    });
  });

  describe('connection failures name the host and the problem', () => {
    let silent: Server | undefined;
    after(() => silent?.close());

    it('connection refused', async () => {
      await rejectsWith(connector().connect({ ...a.target(), host: '127.0.0.9' }), ErrorCodes.SSH, /^ssh root@127\.0\.0\.9:22: connection refused$/);
    });

    it('a key the host does not accept', async () => {
      const wrongKey = join(work, 'wrong_ed25519');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', wrongKey]);
      await rejectsWith(connector().connect({ ...a.target(), keyFile: wrongKey }), ErrorCodes.SSH,
        `ssh root@127.0.0.10:22: the key ${wrongKey} was rejected (authentication failed)`);
    });

    it('a key file that cannot be read, or needs a passphrase', async () => {
      await rejectsWith(connector().connect({ ...a.target(), keyFile: join(work, 'nope') }), ErrorCodes.SSH,
        `ssh root@127.0.0.10:22: the key file ${join(work, 'nope')} cannot be read: no such file`);
      const locked = join(work, 'locked_ed25519');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'pass phrase', '-f', locked]);
      await rejectsWith(connector().connect({ ...a.target(), keyFile: locked }), ErrorCodes.SSH, `the key file ${locked} is protected by a passphrase`);
    });

    it('a server that accepts TCP but never speaks SSH', async () => {
      silent = createServer(() => { /* hold the socket, say nothing */ });
      await new Promise<void>((r) => silent!.listen(2222, '127.0.0.9', r));
      const started = Date.now();
      await rejectsWith(new Ssh2Connector({ trust: new HostKeyStore({ storeFile: join(work, 'x'), userFiles: [] }), readyTimeoutMs: 500 })
        .connect({ ...a.target(), host: '127.0.0.9', port: 2222 }), ErrorCodes.SSH, 'ssh root@127.0.0.9:2222: no SSH handshake within 0.5 s');
      assert.ok(Date.now() - started < 3_000);
    });

    it('a host name that does not resolve', async () => {
      await rejectsWith(connector().connect({ ...a.target(), host: 'no-such-host.invalid' }), ErrorCodes.SSH,
        'ssh root@no-such-host.invalid:22: cannot resolve host name "no-such-host.invalid"');
    });
  });

  describe('dcos node ssh', () => {
    let dcosDir: string;
    /** Runs the command in its own process, as the CLI would, with its own DCOS_DIR and stdin. */
    const nodeSsh = (args: string[], input?: string) => execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e',
      `const m = await import(${JSON.stringify(join(ROOT, 'src/commands/node/ssh.ts'))}); await m.default.run(process.argv.slice(1), ${JSON.stringify(ROOT)});`,
      ...args], { cwd: ROOT, env: { DCOS_DIR: dcosDir }, reject: false, timeout: 30_000, ...(input === undefined ? { stdin: 'ignore' as const } : { input }) });

    before(() => {
      dcosDir = join(work, 'dcos-node-ssh');
      const clusterDir = join(dcosDir, 'clusters', 'lab');
      mkdirSync(clusterDir, { recursive: true });
      const node = (name: string, role: string, h: SshTestHost) => ({ name, role, address: h.host, ssh: h.target() });
      writeFileSync(join(clusterDir, 'cluster.json'), JSON.stringify({
        name: 'lab', url: `http://${a.host}:5050`, tokenFile: join(clusterDir, 'token'), type: 'ssh', createdAt: new Date().toISOString(),
        ssh: { file: '/nowhere/cluster.yaml', nodes: [node('master-1', 'master', a), node('agent-1', 'agent', b)] },
      }));
      writeFileSync(join(dcosDir, 'attached'), 'lab\n');
    });

    it('runs a command on a node by name, streams its output and exits with its exit code', async () => {
      const r = await nodeSsh(['agent-1', '--', 'echo out via $SSH_CONNECTION; echo err >&2; exit 5']);
      assert.equal(r.exitCode, 5, r.stderr);
      assert.match(r.stdout, /^out via 127\.0\.0\.1 \d+ 127\.0\.0\.11 22$/);
      assert.match(r.stderr, /^err$/m);
    });

    it('says once that it recorded a host key on first use, in $DCOS_DIR/known_hosts', async () => {
      const first = await nodeSsh(['master-1', 'true']);
      const second = await nodeSsh(['master-1', 'true']);
      assert.equal(first.exitCode, 0, first.stderr);
      assert.equal(first.stderr, `recorded host key ${a.hostKeyFingerprint} for root@127.0.0.10:22 (first use)`);
      assert.equal(second.stderr, '');
      assert.match(readFileSync(join(dcosDir, 'known_hosts'), 'utf8'), /^127\.0\.0\.10 ssh-ed25519 /m);
    });

    it('finds a node by address and passes the options after it and stdin to the command', async () => {
      const r = await nodeSsh(['127.0.0.10', 'wc', '-c'], 'twelve bytes');
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.stdout.trim(), '12');
    });

    it('opens a login shell on a remote terminal when stdin is a terminal, and exits with the shell\'s code', async () => {
      // script(1) gives the command a terminal of its own, as a user's would be.
      const inner = [process.execPath, '--import', 'tsx', '--input-type=module', '-e',
        `const m = await import(${JSON.stringify(join(ROOT, 'src/commands/node/ssh.ts'))}); await m.default.run(['master-1'], ${JSON.stringify(ROOT)});`]
        .map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
      const r = await execa('script', ['-qec', `stty cols 101 rows 33; ${inner}`, '/dev/null'], {
        cwd: ROOT, env: { DCOS_DIR: dcosDir, TERM: 'xterm' }, reject: false, timeout: 30_000,
        input: 'tty; stty size; echo "TERM=$TERM"; exit 4\n',
      });
      assert.equal(r.exitCode, 4, r.stdout);
      assert.match(r.stdout, /\/dev\/pts\/\d+/);
      assert.match(r.stdout, /33 101/, 'the remote terminal has the local one\'s size');
      assert.match(r.stdout, /TERM=xterm\r?$/m);
    });

    it('refuses to run on a local cluster, which has no SSH nodes', async () => {
      const localDir = join(work, 'dcos-local');
      mkdirSync(join(localDir, 'clusters', 'dev'), { recursive: true });
      writeFileSync(join(localDir, 'clusters', 'dev', 'cluster.json'), JSON.stringify({ name: 'dev', url: 'http://127.0.1.1:5050', tokenFile: '/x', type: 'local', createdAt: '' }));
      writeFileSync(join(localDir, 'attached'), 'dev\n');
      const saved = dcosDir;
      dcosDir = localDir;
      try {
        const r = await nodeSsh(['master-1', 'true']);
        assert.equal(r.exitCode, 2);
        assert.equal(r.stderr, 'Error: dcos node ssh works for clusters provisioned over SSH; local cluster "dev" runs on this machine');
      } finally {
        dcosDir = saved;
      }
    });

    it('refuses an interactive shell when stdin is not a terminal', async () => {
      const r = await nodeSsh(['master-1'], '');
      assert.equal(r.exitCode, 2);
      assert.equal(r.stderr.trim(), 'Error: an interactive shell on root@127.0.0.10:22 needs a terminal, and stdin is not one: give a command to run (dcos node ssh NODE -- CMD)');
    });

    it('names the nodes it knows when NODE is none of them', async () => {
      const r = await nodeSsh(['agent-9', 'true']);
      assert.equal(r.exitCode, 1);
      assert.match(r.stderr, /no node "agent-9" in cluster "lab": give a node name \(master-1, agent-1\), an address, or an agent id/);
    });
  });

  describe('SshPool', () => {
    it('connects to every host in parallel within the limit, and one host\'s failure spares the others', async () => {
      const real = connector();
      let inFlight = 0;
      let most = 0;
      const counting: SshConnector = {
        async connect(t) {
          most = Math.max(most, ++inFlight);
          try { return await real.connect(t); } finally { inFlight--; }
        },
      };
      await c.stop();
      const pool = new SshPool(counting, { parallelism: 2 });
      try {
        const results = await pool.connectAll([a.target(), b.target(), c.target()]);
        assert.equal(most, 2);
        assert.ok(results[0].session && results[1].session);
        assert.equal(results[2].error?.code, ErrorCodes.SSH);
        assert.equal(results[2].error?.message, 'ssh root@127.0.0.12:22: connection refused');
        assert.equal((await results[1].session!.exec('echo b')).stdout, 'b\n');
        assert.equal(await pool.get(a.target()), results[0].session, 'one connection per host, reused');
        await c.start();
        // c's failure was not remembered: the next get connects (its key changed in an earlier test; this store has not seen it).
        assert.equal((await (await pool.get(c.target())).exec('echo c')).stdout, 'c\n');
      } finally {
        await c.start();
        await pool.closeAll();
      }
    });
  });
});

/** The error code of a TCP connection attempt ('' when it connected). */
function tcpConnectError(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => { socket.destroy(); resolve(''); });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

/** No such process, or only its zombie (its parent has not reaped it yet). */
function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

describe('SSH test hosts: stopAll', function () {
  this.timeout(60_000);

  it('leaves no sshd, no host and no process started on a host, even detached or in a namespace of its own', async () => {
    const hosts = await startSshHosts({ count: 2, firstOctet: 10 });
    let stopped = false;
    try {
      const trust = new HostKeyStore({ storeFile: join(hosts.dir, 'known_hosts'), userFiles: [] });
      for (const h of hosts.hosts) {
        const s = await new Ssh2Connector({ trust }).connect(h.target());
        await s.exec('setsid -f sleep 1000 </dev/null >/dev/null 2>&1; setsid -f unshare -m sleep 1001 </dev/null >/dev/null 2>&1');
        await s.close();
      }
      await eventually(() => processesRunning(['sleep', '1000']).length === 2 && processesRunning(['sleep', '1001']).length === 2, 5_000, 'the sleeps');
      const sshds = hosts.hosts.map((h) => h.sshdPid!);
      const all = hosts.hosts.flatMap((h) => h.processes());
      assert.ok(all.length >= 8, `sshd, the machine and the sleeps: ${all.join(' ')}`);

      await hosts.stopAll();
      stopped = true;
      assert.deepEqual(processesRunning(['sleep', '1000']), []);
      assert.deepEqual(processesRunning(['sleep', '1001']), []);
      for (const pid of [...sshds, ...all]) assert.ok(isGone(pid), `process ${pid} is gone`);
      assert.ok(!execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).includes(hosts.dir), 'no sshd of these hosts');
      assert.ok(!existsSync(hosts.dir));
      for (const h of hosts.hosts) assert.equal(await tcpConnectError(h.host, 22), 'ECONNREFUSED', `nothing listens on ${h.host}:22`);
    } finally {
      if (!stopped) await hosts.stopAll();
    }
  });

  it('removes the hosts of a test process that was killed outright, when the next one starts', async () => {
    const harness = join(ROOT, 'test/harness/ssh-hosts.ts');
    const child = execa(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
      const { startSshHosts } = await import(${JSON.stringify(harness)});
      const hosts = await startSshHosts({ count: 1, firstOctet: 10 });
      console.log(JSON.stringify({ dir: hosts.dir, pids: [hosts.hosts[0].sshdPid, ...hosts.hosts[0].processes()] }));
      setInterval(() => {}, 1000);`], { cwd: ROOT, reject: false, stdin: 'ignore', buffer: false });
    let earlier: { dir: string; pids: number[] } | undefined;
    let hosts: SshTestHosts | undefined;
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (c: Buffer) => resolve(c.toString()));
        child.once('exit', (code) => reject(new Error(`the first test process exited (${code}) before its hosts were up`)));
      });
      earlier = JSON.parse(line) as { dir: string; pids: number[] };
      child.kill('SIGKILL');
      await child;
      assert.ok(!isGone(earlier.pids[0]), 'SIGKILL ran no cleanup: the old host\'s sshd is still there');

      hosts = await startSshHosts({ count: 1, firstOctet: 10 });
      assert.ok(earlier.pids.every(isGone), 'the old host\'s processes are gone');
      assert.ok(!existsSync(earlier.dir));
    } finally {
      child.kill('SIGKILL');
      await child;
      await hosts?.stopAll();
      await removeOrphanedHosts(); // when the test failed before the second start
    }
  });
});
