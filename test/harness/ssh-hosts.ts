import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants as fsConstants, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import type { SshTarget } from '../../src/provisioner/cluster-file/cluster-spec.js';

/**
 * SSH test hosts without VMs (DESIGN.md §5). Host K is an OpenSSH server on 127.0.0.K:22
 * inside its own mount namespace, where /opt/dcos, /etc/dcos and /var/lib/dcos are
 * private tmpfs mounts: what the provisioner installs on one host is invisible to the
 * others and to this machine, and disappears with the host.
 *
 * Each host is a long-lived "machine" process (`sleep infinity` in the new namespace,
 * made by `unshare -m`) and an sshd entered into that namespace with `nsenter`. sshd can
 * therefore be stopped, restarted or given a new host key while the machine, its files
 * and the daemons the provisioner started on it live on, as on a real host.
 *
 * stopAll() ends everything a host ever ran: sshd, the machine, and every process in its
 * mount namespace (daemons started over SSH detach from sshd and would outlive it) with
 * their descendants. The same happens when the test process exits without stopAll or is
 * interrupted (SIGINT, SIGTERM); hosts left by a test process that was killed outright
 * are found and removed by the next startSshHosts.
 *
 * Needs root, unshare/nsenter (util-linux) and OpenSSH's server (`apt-get install -y openssh-server`).
 */
export interface SshHostsOptions {
  /** How many hosts. */
  count: number;
  /** Host i listens on 127.0.0.(firstOctet+i):22. Default 10. Suites that may run at the same time use separate ranges. */
  firstOctet?: number;
  /** How long each sshd may take to accept connections. Default 10000 ms. */
  startTimeoutMs?: number;
  /**
   * Indexes (0-based) of hosts whose sshd has no `Subsystem sftp` line, as some hardened
   * servers are configured: SFTP requests fail there ("Unable to start subsystem: sftp").
   */
  withoutSftp?: number[];
}

export interface SshTestHost {
  /** "host-10" for 127.0.0.10. */
  readonly name: string;
  readonly host: string;
  readonly port: 22;
  readonly user: 'root';
  /** The client's private key (the same for every host of the harness). */
  readonly keyFile: string;
  /** The host's private key, as sshd uses it; its public half is `${hostKeyFile}.pub`. */
  readonly hostKeyFile: string;
  /** False for a host started without the SFTP subsystem (SshHostsOptions.withoutSftp). */
  readonly sftp: boolean;
  /** "SHA256:…" of the current host key, as `ssh-keygen -lf` prints it. */
  readonly hostKeyFingerprint: string;
  /** sshd's log (LogLevel VERBOSE): connections, accepted keys, sessions. */
  readonly logFile: string;
  /** "mnt:[4026532177]": the host's mount namespace. */
  readonly namespace: string;
  /** The running sshd listener, if any. */
  readonly sshdPid: number | undefined;
  /** How the provisioner reaches the host (no pinned host key). */
  target(): SshTarget;
  /** Starts sshd (again) in the host's namespace; resolves once it accepts TCP connections. */
  start(): Promise<void>;
  /** Stops the sshd listener only: the host, its files and its processes stay (a host whose sshd is down). */
  stop(): Promise<void>;
  /** Generates a new host key and restarts sshd with it (a reinstalled host); answers the new fingerprint. */
  replaceHostKey(): Promise<string>;
  /** Pids of every process on the host (its mount namespace, and their descendants). */
  processes(): number[];
}

export interface SshTestHosts {
  hosts: SshTestHost[];
  /** The client's private key, authorized on every host. */
  keyFile: string;
  publicKeyFile: string;
  /** Temporary directory with keys, configs and logs (removed by stopAll). */
  dir: string;
  /** Ends every host and everything that ran on it; resolves when all are gone. Safe to call twice. */
  stopAll(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';
const HARNESS_DIR_PREFIX = 'dcos-ssh-hosts-';
const PRIVATE_DIRS = ['/opt/dcos', '/etc/dcos', '/var/lib/dcos'];
const run = promisify(execFile);

export async function startSshHosts(opts: SshHostsOptions): Promise<SshTestHosts> {
  requirePrerequisites();
  const first = opts.firstOctet ?? 10;
  if (opts.count < 1 || first < 2 || first + opts.count - 1 > 254) {
    throw new Error(`cannot place ${opts.count} SSH test hosts from 127.0.0.${first}: addresses run from 127.0.0.2 to 127.0.0.254`);
  }
  // Mount points on this machine's filesystem, and sshd's privilege separation directory.
  await Promise.all([...PRIVATE_DIRS, '/run/sshd'].map((d) => mkdir(d, { recursive: true })));
  await removeOrphanedHosts();
  const dir = await mkdtemp(join(tmpdir(), HARNESS_DIR_PREFIX));
  await writeFile(join(dir, 'owner'), processIdentity(process.pid) ?? '');
  const keyFile = join(dir, 'client_ed25519');
  await keygen(keyFile, 'dcos-test-client');

  const hosts: TestHost[] = [];
  const killOnExit = () => {
    for (const h of hosts) h.killEverythingSync();
    rmSync(dir, { recursive: true, force: true });
  };
  // On a signal: end the hosts, then let the signal do what it would have done.
  const killOnSignal = (signal: NodeJS.Signals) => {
    killOnExit();
    unhook();
    process.kill(process.pid, signal);
  };
  const unhook = () => {
    process.off('exit', killOnExit);
    process.off('SIGINT', killOnSignal);
    process.off('SIGTERM', killOnSignal);
  };
  process.on('exit', killOnExit);
  process.once('SIGINT', killOnSignal);
  process.once('SIGTERM', killOnSignal);
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(hosts.map((h) => h.destroy()));
    unhook();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < opts.count; i++) {
      hosts.push(new TestHost(`127.0.0.${first + i}`, dir, keyFile, opts.startTimeoutMs ?? 10_000, !opts.withoutSftp?.includes(i)));
    }
    await Promise.all(hosts.map((h) => h.boot()));
  } catch (err) {
    await stopAll();
    throw err;
  }
  return { hosts, keyFile, publicKeyFile: `${keyFile}.pub`, dir, stopAll };
}

class TestHost implements SshTestHost {
  readonly port = 22 as const;
  readonly user = 'root' as const;
  readonly name: string;
  readonly hostKeyFile: string;
  readonly logFile: string;
  hostKeyFingerprint = '';
  namespace = '';
  /** Source name of the host's tmpfs mounts, unique to this harness: it shows in the mount table of a namespace made inside the host. */
  private readonly mountSource: string;
  private readonly hostDir: string;
  private readonly configFile: string;
  private machine?: ChildProcess;
  private sshd?: ChildProcess;

  constructor(readonly host: string, dir: string, readonly keyFile: string, private readonly startTimeoutMs: number, readonly sftp: boolean) {
    this.name = `host-${host.split('.')[3]}`;
    this.hostDir = join(dir, this.name);
    this.hostKeyFile = join(this.hostDir, 'ssh_host_ed25519_key');
    this.logFile = join(this.hostDir, 'sshd.log');
    this.configFile = join(this.hostDir, 'sshd_config');
    this.mountSource = `${basename(dir)}-${this.name}`;
  }

  get sshdPid(): number | undefined {
    return this.sshd?.exitCode === null && this.sshd.signalCode === null ? this.sshd.pid : undefined;
  }

  target(): SshTarget {
    return { host: this.host, port: this.port, user: this.user, keyFile: this.keyFile };
  }

  async boot(): Promise<void> {
    if (await accepts(this.host, 22)) {
      throw new Error(`${this.host}:22 is already in use, so SSH test host ${this.name} cannot listen there: `
        + 'a test host left by an interrupted run? (`ps -ef | grep sshd`), or choose another firstOctet');
    }
    await mkdir(this.hostDir, { recursive: true });
    await this.newHostKey();
    await writeFile(this.configFile, sshdConfig(this.host, this.hostKeyFile, `${this.keyFile}.pub`, join(this.hostDir, 'sshd.pid'), this.sftp));
    await this.startMachine();
    await this.start();
  }

  async start(): Promise<void> {
    if (this.sshdPid !== undefined) return;
    if (!this.machine?.pid) throw new Error(`SSH test host ${this.name} was stopped for good (stopAll)`);
    const sshd = spawn('nsenter', ['-t', String(this.machine.pid), '-m', '--', SSHD, '-D', '-f', this.configFile, '-E', this.logFile], {
      stdio: 'ignore', detached: true,
    });
    sshd.unref();
    this.sshd = sshd;
    const deadline = Date.now() + this.startTimeoutMs;
    while (!(await accepts(this.host, 22))) {
      if (sshd.exitCode !== null || sshd.signalCode !== null) {
        throw new Error(`sshd of SSH test host ${this.name} exited (${sshd.exitCode ?? sshd.signalCode}) before accepting connections:\n${await tail(this.logFile)}`);
      }
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`sshd of SSH test host ${this.name} did not accept connections on ${this.host}:22 within ${this.startTimeoutMs} ms:\n${await tail(this.logFile)}`);
      }
      await sleep(20);
    }
  }

  async stop(): Promise<void> {
    const sshd = this.sshd;
    this.sshd = undefined;
    if (sshd) await terminate(sshd);
  }

  async replaceHostKey(): Promise<string> {
    await this.stop();
    await rm(this.hostKeyFile, { force: true });
    await rm(`${this.hostKeyFile}.pub`, { force: true });
    await this.newHostKey();
    await this.start();
    return this.hostKeyFingerprint;
  }

  processes(): number[] {
    return this.namespace === '' ? [] : processesOnHost(this.namespace, this.mountSource);
  }

  /** Kills sshd, the machine and everything in the namespace, until nothing is left (new children of a dying supervisor included). */
  async destroy(): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const left = this.killEverythingSync();
      if (left.length === 0) break;
      if (Date.now() > deadline) throw new Error(`SSH test host ${this.name}: processes ${left.join(', ')} survived SIGKILL`);
      await sleep(20);
    }
    this.machine = undefined;
    this.sshd = undefined;
  }

  /** One round of SIGKILL; answers the pids that were still alive (so the caller polls until it is empty). */
  killEverythingSync(): number[] {
    const pids = new Set(this.processes());
    for (const child of [this.sshd, this.machine]) {
      if (child?.pid && child.exitCode === null && child.signalCode === null) pids.add(child.pid);
    }
    pids.delete(process.pid);
    const alive = [...pids].filter(isLive);
    for (const pid of alive) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    return alive;
  }

  private async newHostKey(): Promise<void> {
    await keygen(this.hostKeyFile, this.name);
    const { stdout } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${this.hostKeyFile}.pub`]);
    const fp = stdout.split(/\s+/)[1];
    if (!fp?.startsWith('SHA256:')) throw new Error(`unexpected ssh-keygen -l output: ${stdout}`);
    this.hostKeyFingerprint = fp;
  }

  /** The host's mount namespace, kept alive by `sleep infinity`; tmpfs on the private directories. */
  private async startMachine(): Promise<void> {
    const mounts = PRIVATE_DIRS.map((d) => `mount -t tmpfs -o mode=0755 ${this.mountSource} ${d}`).join(' && ');
    const machine = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', `set -e; ${mounts}; echo ready; exec sleep infinity`], {
      stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    this.machine = machine;
    let stderr = '';
    machine.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
    await new Promise<void>((resolve, reject) => {
      machine.stdout!.on('data', (c: Buffer) => { if (c.toString().includes('ready')) resolve(); });
      machine.once('error', reject);
      machine.once('exit', (code) => reject(new Error(`SSH test host ${this.name}: unshare/mount failed (exit ${code}): ${stderr.trim()}`)));
    });
    machine.stdout!.destroy();
    machine.stderr!.destroy();
    machine.unref();
    this.namespace = readlinkSync(`/proc/${machine.pid}/ns/mnt`);
    if (this.namespace === readlinkSync('/proc/self/ns/mnt')) throw new Error(`SSH test host ${this.name}: unshare did not create a mount namespace`);
  }
}

/**
 * "pid starttime": a process told apart from a later one that reuses its pid (field 22
 * of /proc/PID/stat, in clock ticks since boot). Undefined when it does not exist.
 */
function processIdentity(pid: number): string | undefined {
  const fields = statFields(pid);
  return fields ? `${pid} ${fields[19]}` : undefined;
}

/**
 * Hosts whose test process was killed outright (SIGKILL, a crash: no exit hook ran) keep
 * their addresses. Finds their sshd by its config path, and when the process that
 * started them is gone, ends everything on them and removes their directory.
 */
export async function removeOrphanedHosts(): Promise<void> {
  const orphans = new Map<string, Array<{ pid: number; host: string }>>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    const m = /(\/\S*\/dcos-ssh-hosts-[A-Za-z0-9]+)\/(host-\d+)\/sshd_config/.exec(cmdline);
    if (!m || !cmdline.includes('sshd')) continue;
    const list = orphans.get(m[1]) ?? [];
    list.push({ pid: Number(name), host: m[2] });
    orphans.set(m[1], list);
  }
  for (const [dir, sshds] of orphans) {
    let owner = '';
    try {
      owner = readFileSync(join(dir, 'owner'), 'utf8').trim();
    } catch {
      // no owner recorded: treat as orphaned
    }
    const ownerPid = Number(owner.split(' ')[0]);
    if (owner !== '' && processIdentity(ownerPid) === owner) continue; // still in use by a live test process
    for (const { pid, host } of sshds) {
      let ns: string;
      try {
        ns = readlinkSync(`/proc/${pid}/ns/mnt`);
      } catch {
        continue;
      }
      const deadline = Date.now() + 5_000;
      for (;;) {
        const left = [pid, ...processesOnHost(ns, `${basename(dir)}-${host}`)].filter(isLive);
        if (left.length === 0 || Date.now() > deadline) break;
        for (const p of left) {
          try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
        }
        await sleep(20);
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
}

function sshdConfig(host: string, hostKey: string, authorizedKeys: string, pidFile: string, sftp: boolean): string {
  return `# SSH test host ${host} (test/harness/ssh-hosts.ts)
ListenAddress ${host}:22
HostKey ${hostKey}
AuthorizedKeysFile ${authorizedKeys}
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
PrintMotd no
PidFile ${pidFile}
# Tests run many commands at once on one connection (the default is 10).
MaxSessions 64
MaxStartups 100:30:200
${sftp ? 'Subsystem sftp internal-sftp' : '# no Subsystem sftp: SFTP requests fail'}
LogLevel VERBOSE
`;
}

function requirePrerequisites(): void {
  if (process.getuid?.() !== 0) throw new Error('SSH test hosts need root (mount namespaces, sshd on port 22)');
  try {
    accessSync(SSHD, fsConstants.X_OK);
  } catch {
    throw new Error(`SSH test hosts need OpenSSH's server, and ${SSHD} is missing: install it with \`apt-get install -y openssh-server\``);
  }
  for (const tool of ['/usr/bin/ssh-keygen', '/usr/bin/unshare', '/usr/bin/nsenter']) {
    try {
      accessSync(tool, fsConstants.X_OK);
    } catch {
      throw new Error(`SSH test hosts need ${tool}: install it with \`apt-get install -y ${tool.endsWith('ssh-keygen') ? 'openssh-client' : 'util-linux'}\``);
    }
  }
}

async function keygen(file: string, comment: string): Promise<void> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
}

/**
 * Pids of the host: those in its mount namespace `ns`; those in a mount namespace made
 * inside it (`unshare -m` copies the mount table, so it still lists the host's tmpfs,
 * `mountSource`); and all their descendants.
 */
function processesOnHost(ns: string, mountSource: string): number[] {
  const rootNs = readlinkSync('/proc/self/ns/mnt');
  const parent = new Map<number, number>();
  const inside = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      const own = readlinkSync(`/proc/${pid}/ns/mnt`);
      if (own === ns || (own !== rootNs && mountsFrom(pid, mountSource))) inside.add(pid);
      const fields = statFields(pid);
      if (fields) parent.set(pid, Number(fields[1]));
    } catch {
      // ended while we looked
    }
  }
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!inside.has(pid) && inside.has(ppid)) {
        inside.add(pid);
        grew = true;
      }
    }
  }
  inside.delete(process.pid);
  return [...inside].filter(isLive);
}

function mountsFrom(pid: number, source: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/mountinfo`, 'utf8').includes(` - tmpfs ${source} `);
  } catch {
    return false;
  }
}

/** Fields of /proc/PID/stat after the command name: [state, ppid, pgrp, …]. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function isLive(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1_000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

async function tail(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim().split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
