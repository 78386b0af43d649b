import type { ClusterSpec, NodeSpec } from '../cluster-file/cluster-spec.js';
import { serviceName } from '../remote/layout.js';
import { decodeListen, fact, type Facts } from './facts.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
}

export interface CheckContext {
  spec: ClusterSpec;
  node: NodeSpec;
  facts: Facts;
  /** What the bundle needs: its architecture (uname -m spelling) and size in bytes. */
  bundle: { arch: string; size: number };
  /** Local clock (ms) just before the facts script was sent and just after its output arrived. */
  sentAt: number;
  receivedAt: number;
}

interface Check {
  id: string;
  title: string;
  run(ctx: CheckContext): Omit<CheckResult, 'id' | 'title'>;
}

const pass = (detail: string) => ({ status: 'pass' as const, detail });
const warn = (detail: string) => ({ status: 'warn' as const, detail });
const fail = (detail: string) => ({ status: 'fail' as const, detail });
const num = (ctx: CheckContext, key: string) => Number(fact(ctx.facts, key) ?? NaN);
const yes = (ctx: CheckContext, key: string) => fact(ctx.facts, key) === 'yes';
const MiB = 1024;

/** Node's process.arch → uname -m, for comparing the bundle with a host. */
export function unameArch(nodeArch: string): string {
  return ({ x64: 'x86_64', arm64: 'aarch64', arm: 'armv7l', ia32: 'i686', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[nodeArch] ?? nodeArch;
}

function binary(name: string, why: string): Check {
  return {
    id: `binary-${name}`,
    title: `${name} is installed`,
    run: (ctx) => (yes(ctx, `bin_${name}`) ? pass(`${name} found`) : fail(`${name} not found on PATH: ${why}`)),
  };
}

function writable(key: string, label: string, pathOf: (spec: ClusterSpec) => string): Check {
  return {
    id: `writable-${label}`,
    title: `${label} directory is writable`,
    run: (ctx) => {
      const dir = pathOf(ctx.spec);
      return yes(ctx, key) ? pass(`${dir} writable`) : fail(`cannot create or write ${dir}: check permissions or the paths.${label} setting`);
    },
  };
}

function freeDisk(key: string, label: string, need: (ctx: CheckContext) => number): Check {
  return {
    id: `disk-${label}`,
    title: `free disk for ${label}`,
    run: (ctx) => {
      const freeMiB = Math.floor(num(ctx, key) / 1024);
      const needMiB = Math.ceil(need(ctx));
      if (!Number.isFinite(freeMiB)) return fail('could not read free disk space (df)');
      return freeMiB >= needMiB ? pass(`${freeMiB} MiB free, ${needMiB} MiB needed`) : fail(`${freeMiB} MiB free, ${needMiB} MiB needed`);
    },
  };
}

/** Ports a node's daemons bind: the role's API port, and on agents the task range. */
export function portsNeeded(spec: ClusterSpec, node: NodeSpec): { api: number; range?: [number, number] } {
  return node.role === 'master' ? { api: spec.ports.master } : { api: spec.ports.agent, range: spec.ports.tasks };
}

const CHECKS: Check[] = [
  {
    id: 'sftp', title: 'sshd offers SFTP',
    run: (ctx) => {
      if (fact(ctx.facts, 'file_transfer') === 'sftp') return pass('SFTP subsystem answers');
      // Files are streamed over exec instead, as Ansible and k3sup do: slower to set up, not fatal.
      if (yes(ctx, 'bin_cat')) return warn('no SFTP subsystem (`Subsystem sftp` in sshd_config): files are streamed over exec channels instead, verified alike');
      return fail('no SFTP subsystem, and no `cat` to stream files over exec instead: add `Subsystem sftp internal-sftp` to sshd_config');
    },
  },
  { id: 'os', title: 'operating system is Linux', run: (ctx) => (fact(ctx.facts, 'os') === 'Linux' ? pass('Linux') : fail(`${fact(ctx.facts, 'os') ?? 'unknown'}: the runtime needs Linux`)) },
  {
    id: 'arch', title: 'architecture matches the bundle',
    run: (ctx) => {
      const arch = fact(ctx.facts, 'arch');
      return arch === ctx.bundle.arch ? pass(arch) : fail(`host is ${arch}, the bundle is built for ${ctx.bundle.arch}: run the CLI from a ${arch} machine`);
    },
  },
  {
    id: 'kernel', title: 'kernel is 3.10 or newer',
    run: (ctx) => {
      const release = fact(ctx.facts, 'kernel') ?? '';
      const [major, minor] = release.split('.').map((n) => parseInt(n, 10));
      return major > 3 || (major === 3 && minor >= 10) ? pass(release) : fail(`${release || 'unknown'}: 3.10 or newer is needed (cgroups, setsid semantics)`);
    },
  },
  {
    id: 'root', title: 'runs as root',
    run: (ctx) => (fact(ctx.facts, 'uid') === '0' ? pass('uid 0') : fail(`uid ${fact(ctx.facts, 'uid')}: connect as root (ssh.user: root)`)),
  },
  {
    id: 'hostname-resolves', title: 'hostname resolves',
    run: (ctx) => {
      const name = fact(ctx.facts, 'hostname') ?? '?';
      return yes(ctx, 'hostname_resolves') ? pass(name) : warn(`${name} does not resolve (getent hosts): add it to /etc/hosts or DNS`);
    },
  },
  {
    id: 'cpus', title: 'at least one CPU',
    run: (ctx) => (num(ctx, 'cpus') >= 1 ? pass(`${num(ctx, 'cpus')} CPUs`) : fail('no CPU count could be read')),
  },
  {
    id: 'memory', title: 'enough free memory',
    run: (ctx) => {
      const freeMiB = Math.floor(num(ctx, 'mem_available_kb') / MiB);
      const need = ctx.node.role === 'master' ? 512 : 256;
      return freeMiB >= need ? pass(`${freeMiB} MiB available, ${need} MiB needed`) : fail(`${freeMiB} MiB available, ${need} MiB needed`);
    },
  },
  // Room for the uploaded tarball, its extraction and one previous version kept for rollback.
  freeDisk('disk_install_kb', 'install', (ctx) => (3 * ctx.bundle.size) / (1024 * 1024) + 64),
  freeDisk('disk_state_kb', 'state', () => 512),
  binary('sh', 'every remote step runs a POSIX shell'),
  binary('tar', 'the bundle is unpacked with tar'),
  binary('sha256sum', 'the uploaded bundle is verified with it'),
  binary('setsid', 'daemons are started in their own session when there is no systemd'),
  binary('ip', 'addresses and routes are checked with iproute2'),
  {
    id: 'ports', title: 'ports of the role are free',
    run: (ctx) => {
      const { api, range } = portsNeeded(ctx.spec, ctx.node);
      const ours = yes(ctx, 'dcos_running');
      const listening = (ctx.facts.get('listen') ?? []).map(decodeListen)
        .filter((l) => l.address === ctx.node.address || l.address === '0.0.0.0' || l.address === '::');
      const apiBusy = listening.some((l) => l.port === api);
      const rangeBusy = range ? [...new Set(listening.filter((l) => l.port >= range[0] && l.port <= range[1]).map((l) => l.port))] : [];
      if (apiBusy && !ours) return fail(`port ${api} on ${ctx.node.address} is in use by another program: free it or change ports.${ctx.node.role === 'master' ? 'master' : 'agent'}`);
      if (rangeBusy.length > 0 && !ours) return warn(`task ports in use: ${rangeBusy.slice(0, 5).join(', ')}${rangeBusy.length > 5 ? ', …' : ''}: tasks will not get these`);
      return pass(ours ? `${api} in use by ${serviceName(ctx.node.role)} (installed)` : `${api}${range ? ` and ${range[0]}-${range[1]}` : ''} free`);
    },
  },
  {
    id: 'clock', title: 'clock agrees with this machine',
    run: (ctx) => {
      const remoteMs = Number(BigInt(fact(ctx.facts, 'time_ns') ?? '0') / 1_000_000n);
      const skew = remoteMs - (ctx.sentAt + ctx.receivedAt) / 2;
      const slack = (ctx.receivedAt - ctx.sentAt) / 2;
      const off = Math.max(0, Math.abs(skew) - slack);
      if (off > 5_000) return fail(`off by ${(skew / 1000).toFixed(1)} s: synchronize clocks (chrony, systemd-timesyncd)`);
      if (off > 500) return warn(`off by ${Math.round(skew)} ms`);
      return pass(`within ${Math.max(1, Math.round(off))} ms`);
    },
  },
  { id: 'cgroups', title: 'cgroups are mounted', run: (ctx) => (yes(ctx, 'cgroups') ? pass('mounted') : warn('no cgroup filesystem: tasks run without resource isolation')) },
  {
    id: 'init', title: 'service manager',
    run: (ctx) => pass(yes(ctx, 'systemd') ? 'systemd: daemons run as units' : 'no systemd: daemons run under dcos-supervise'),
  },
  writable('writable_install', 'install', (s) => s.paths.install),
  writable('writable_state', 'state', (s) => s.paths.state),
  writable('writable_config', 'config', (s) => s.paths.config),
  { id: 'tmp', title: '/tmp is writable', run: (ctx) => (yes(ctx, 'writable_tmp') ? pass('/tmp writable') : fail('/tmp is not writable')) },
  {
    id: 'address', title: 'node address belongs to the host',
    run: (ctx) => (yes(ctx, 'address_local')
      ? pass(`${ctx.node.address} is local`)
      : fail(`${ctx.node.address} is not an address of this host: daemons bind it; set the node's address in cluster.yaml`)),
  },
  {
    id: 'masters-reachable', title: 'masters are reachable',
    run: (ctx) => {
      const routes = (ctx.facts.get('master_route') ?? []).map((l) => l.split(' '));
      const missing = routes.filter(([, ok]) => ok !== 'yes').map(([m]) => m);
      if (missing.length > 0) return fail(`no route to ${missing.join(', ')}`);
      return pass(routes.length === 0 ? 'no other master' : `route to ${routes.map(([m]) => m).join(', ')}`);
    },
  },
  {
    id: 'selinux', title: 'SELinux is not enforcing',
    run: (ctx) => {
      const mode = fact(ctx.facts, 'selinux') ?? 'absent';
      return mode === 'Enforcing' ? fail('SELinux enforcing: set it to permissive (setenforce 0)') : pass(mode === 'absent' ? 'not installed' : mode);
    },
  },
  {
    id: 'open-files', title: 'open files limit',
    run: (ctx) => {
      const limit = fact(ctx.facts, 'nofile');
      return limit === 'unlimited' || Number(limit) >= 1024 ? pass(`${limit}`) : warn(`${limit}: raise it to 1024 or more (ulimit -n)`);
    },
  },
];

export const CHECK_IDS = CHECKS.map((c) => c.id);

/** Checks that compare hosts with each other (crossHostChecks); each gives every host a result. */
export const CROSS_HOST_CHECK_IDS = ['hostname-unique'] as const;

/**
 * How many checks every host gets. README, `dcos cluster preflight --help` and every
 * report say this number; a test pins the README to it.
 */
export const PREFLIGHT_CHECK_COUNT = CHECK_IDS.length + CROSS_HOST_CHECK_IDS.length;

/** Every check on one host; all of them always run, whatever fails. */
export function runChecks(ctx: CheckContext): CheckResult[] {
  return CHECKS.map((c) => {
    try {
      return { id: c.id, title: c.title, ...c.run(ctx) };
    } catch (err) {
      return { id: c.id, title: c.title, status: 'fail' as const, detail: `check failed: ${(err as Error).message}` };
    }
  });
}

/** Checks across hosts: every hostname is unique (agents are told apart by it in logs and UIs). */
export function crossHostChecks(hosts: Array<{ node: NodeSpec; facts?: Facts }>): Map<string, CheckResult> {
  const byName = new Map<string, string[]>();
  for (const h of hosts) {
    const name = h.facts ? fact(h.facts, 'hostname') : undefined;
    if (name) byName.set(name, [...(byName.get(name) ?? []), h.node.name]);
  }
  const results = new Map<string, CheckResult>();
  for (const h of hosts) {
    if (!h.facts) continue;
    const name = fact(h.facts, 'hostname') ?? '';
    const same = (byName.get(name) ?? []).filter((n) => n !== h.node.name);
    results.set(h.node.name, {
      id: CROSS_HOST_CHECK_IDS[0], title: 'hostname is unique in the cluster',
      // Test hosts and containers often share a hostname; it is confusing, not fatal.
      ...(same.length === 0 ? pass(name) : warn(`${name} is also the hostname of ${same.join(', ')}`)),
    });
  }
  return results;
}
