import type { ClusterSpec, NodeSpec } from '../cluster-file/cluster-spec.js';
import { hostLayout, serviceName } from '../remote/layout.js';
import { PIDFILE_FUNCTIONS } from '../remote/pidfile-shell.js';
import { shellArg as shq } from '../remote/shell-quote.js';

/**
 * What preflight learns from a host: one POSIX sh script, run once per host over the
 * host's SSH session, printing `key=value` lines. All judging happens on the CLI side
 * (checks.ts), so a check's threshold or message changes without touching hosts.
 * The script only reads and probes; the writability probes create and remove a file.
 * One fact comes from the SSH session rather than the script: `file_transfer` (sftp or
 * exec), whether the host's sshd offers the SFTP subsystem.
 */
export type Facts = Map<string, string[]>;

/** `cat` streams files where the host has no SFTP (ssh/exec-files.ts); it has no check of its own. */
const BINARIES = ['sh', 'tar', 'sha256sum', 'setsid', 'ip', 'cat'];


export function factsScript(spec: ClusterSpec, node: NodeSpec): string {
  const layout = hostLayout(spec, node.role);
  const service = serviceName(node.role);
  const masters = spec.masters.filter((m) => m.name !== node.name).map((m) => m.address);
  return `set +e
say() { printf '%s=%s\\n' "$1" "$2"; }
existing() { d=$1; while [ ! -d "$d" ]; do d=$(dirname "$d"); done; printf '%s' "$d"; }
writable() { d=$1; mkdir -p "$d" 2>/dev/null && touch "$d/.dcos-preflight" 2>/dev/null && rm -f "$d/.dcos-preflight" && echo yes || echo no; }
${PIDFILE_FUNCTIONS}alive() { pid_of "$1" >/dev/null && echo yes || echo no; }
say time_ns "$(date +%s%N)"
say os "$(uname -s)"
say arch "$(uname -m)"
say kernel "$(uname -r)"
say uid "$(id -u)"
say hostname "$(hostname)"
say hostname_resolves "$(getent hosts "$(hostname)" >/dev/null 2>&1 && echo yes || echo no)"
say cpus "$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null)"
say mem_available_kb "$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)"
say disk_install_kb "$(df -Pk "$(existing ${shq(spec.paths.install)})" | awk 'NR==2 {print $4}')"
say disk_state_kb "$(df -Pk "$(existing ${shq(spec.paths.state)})" | awk 'NR==2 {print $4}')"
for b in ${BINARIES.join(' ')}; do say "bin_$b" "$(command -v "$b" >/dev/null 2>&1 && echo yes || echo no)"; done
say writable_install "$(writable ${shq(spec.paths.install)})"
say writable_state "$(writable ${shq(spec.paths.state)})"
say writable_config "$(writable ${shq(spec.paths.config)})"
say writable_tmp "$(writable /tmp)"
say cgroups "$(grep -q cgroup /proc/mounts 2>/dev/null && echo yes || echo no)"
say systemd "$([ -d /run/systemd/system ] && echo yes || echo no)"
say selinux "$(command -v getenforce >/dev/null 2>&1 && getenforce || echo absent)"
say nofile "$(ulimit -n)"
say address_local "$(ip route get ${shq(node.address)} 2>/dev/null | grep -q '^local ' && echo yes || echo no)"
${masters.map((m) => `say master_route "${m} $(ip route get ${shq(m)} >/dev/null 2>&1 && echo yes || echo no)"`).join('\n')}
say dcos_running "$(alive ${shq(`${layout.run}/${service}.pid`)})"
for f in /proc/net/tcp /proc/net/tcp6; do [ -r "$f" ] && awk 'NR > 1 && $4 == "0A" {print $2}' "$f"; done | while read -r a; do say listen "$a"; done
exit 0
`;
}

/** Parses `key=value` lines; a key may repeat (listen, master_route). */
export function parseFacts(output: string): Facts {
  const facts: Facts = new Map();
  for (const line of output.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    facts.set(key, [...(facts.get(key) ?? []), line.slice(eq + 1)]);
  }
  return facts;
}

export function fact(facts: Facts, key: string): string | undefined {
  return facts.get(key)?.[0];
}

/**
 * Listening sockets from /proc/net/tcp{,6} "local_address" (hex IP:hex port, IPv4 in
 * little-endian byte order). Returns { address, port }; IPv6 addresses stay hex except
 * the wildcard, which becomes "::".
 */
export function decodeListen(hex: string): { address: string; port: number } {
  const [ip, port] = hex.split(':');
  const portNum = parseInt(port, 16);
  if (ip.length === 8) {
    const bytes = ip.match(/../g)!.map((b) => parseInt(b, 16)).reverse();
    return { address: bytes.join('.'), port: portNum };
  }
  if (/^0+$/.test(ip)) return { address: '::', port: portNum };
  // IPv4-mapped ::ffff:a.b.c.d is stored as 0000000000000000FFFF0000 + little-endian IPv4.
  if (/^0{16}FFFF0000/i.test(ip)) {
    const bytes = ip.slice(24).match(/../g)!.map((b) => parseInt(b, 16)).reverse();
    return { address: bytes.join('.'), port: portNum };
  }
  return { address: ip.toLowerCase(), port: portNum };
}
