import { createHash } from 'node:crypto';
import type { ClusterSpec, NodeSpec } from '../cluster-file/cluster-spec.js';
import { NOTIFIER_CONFIG_FILE } from '../notifier-secret.js';
import { hostLayout, serviceName, type HostLayout } from '../remote/layout.js';

/**
 * What one node is and how its daemon runs, derived from the cluster spec alone, so
 * the same file always yields the same config (and the same hash: `up` compares it
 * with what the host recorded to decide whether anything changes).
 */
export interface NodeConfig {
  cluster: string;
  name: string;
  role: NodeSpec['role'];
  address: string;
  masterUrl: string;
  service: 'dcos-master' | 'dcos-agent';
  /** The daemon's argv after the node binary: entry script and flags; no secret (secrets are files). */
  daemonArgs: string[];
}

/** The URL agents and the CLI use to reach the leading master. Several masters need etcd: not yet. */
export function masterUrl(spec: ClusterSpec): string {
  return `http://${spec.masters[0].address}:${spec.ports.master}`;
}

export function nodeConfig(spec: ClusterSpec, node: NodeSpec): NodeConfig {
  const layout = hostLayout(spec, node.role);
  const bin = `${layout.current}/bin`;
  const daemonArgs = node.role === 'master'
    ? [
      `${bin}/dcos-master.js`, '--listen', `${node.address}:${spec.ports.master}`, '--state-dir', layout.daemonState,
      '--token-file', `${layout.secrets}/token`, '--node-token-file', `${layout.secrets}/node-token`,
      '--cluster-name', spec.name, '--agent-ping-timeout-ms', String(spec.options.agentPingTimeoutMs), '--placement', spec.options.placement,
      ...(spec.notifications ? ['--notifier-config', `${layout.secrets}/${NOTIFIER_CONFIG_FILE}`] : []),
    ]
    : [
      `${bin}/dcos-agent.js`, '--master', masterUrl(spec), '--listen', `${node.address}:${spec.ports.agent}`,
      '--work-dir', layout.daemonState, '--node-token-file', `${layout.secrets}/node-token`,
      '--ports', `${spec.ports.tasks[0]}-${spec.ports.tasks[1]}`,
      ...resourceFlags(node),
      ...attributeFlags(node),
    ];
  return { cluster: spec.name, name: node.name, role: node.role, address: node.address, masterUrl: masterUrl(spec), service: serviceName(node.role), daemonArgs };
}

function resourceFlags(node: NodeSpec): string[] {
  const flags: string[] = [];
  if (node.resources.cpus !== undefined) flags.push('--cpus', String(node.resources.cpus));
  if (node.resources.mem !== undefined) flags.push('--mem', String(node.resources.mem));
  if (node.resources.disk !== undefined) flags.push('--disk', String(node.resources.disk));
  return flags;
}

/** Public agents are told apart by the attribute public_ip:true, as DC/OS marks slave_public. */
function attributeFlags(node: NodeSpec): string[] {
  const attributes = { ...node.attributes, ...(node.role === 'public-agent' ? { public_ip: 'true' } : {}) };
  const pairs = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}:${v}`);
  return pairs.length > 0 ? ['--attributes', pairs.join(';')] : [];
}

/**
 * The secrets a role's host holds: masters the operator token, the node token and, with
 * `notifications`, the notifier's config (it holds the webhook URL); agents only the node token.
 */
export function secretsFor(spec: ClusterSpec, role: NodeSpec['role']): string[] {
  if (role !== 'master') return ['node-token'];
  return ['token', 'node-token', ...(spec.notifications ? [NOTIFIER_CONFIG_FILE] : [])];
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Identifies everything that, when changed, needs the daemon restarted: the config,
 * the bundle, and the secrets (by hash: the secret itself never leaves its file).
 */
export function configHash(config: NodeConfig, bundleSha256: string, secretHashes: Record<string, string>): string {
  return sha256(JSON.stringify({ config, bundleSha256, secretHashes }));
}

export function layoutOf(spec: ClusterSpec, node: NodeSpec): HostLayout {
  return hostLayout(spec, node.role);
}
