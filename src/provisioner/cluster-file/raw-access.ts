import type { NodeRole } from './cluster-spec.js';
import { CLUSTER_FILE_DEFAULTS } from './schema.js';

/**
 * Reading the raw data the semantic checks look at, which may have failed the schema:
 * every accessor answers undefined for a value of the wrong type rather than throwing,
 * so one bad value never hides the problems of the others.
 */
export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(o: unknown, key: string): string | undefined {
  return isObj(o) && typeof o[key] === 'string' ? (o[key] as string) : undefined;
}

export function int(o: unknown, key: string): number | undefined {
  return isObj(o) && Number.isInteger(o[key]) ? (o[key] as number) : undefined;
}

/** The value, or the default when the key is absent; undefined when present but unusable. */
export function intOr(o: unknown, key: string, fallback: number): number | undefined {
  return !isObj(o) || o[key] === undefined ? fallback : int(o, key);
}

export interface RawNode {
  /** "/masters/0" */
  path: string;
  role: NodeRole;
  node: Obj;
}

export const NODE_LISTS: { key: 'masters' | 'agents' | 'publicAgents'; role: NodeRole }[] = [
  { key: 'masters', role: 'master' },
  { key: 'agents', role: 'agent' },
  { key: 'publicAgents', role: 'public-agent' },
];

/** Every node that is a mapping, in file order: masters, agents, public agents. */
export function rawNodes(data: unknown): RawNode[] {
  const nodes: RawNode[] = [];
  for (const { key, role } of NODE_LISTS) {
    const list = isObj(data) ? data[key] : undefined;
    if (!Array.isArray(list)) continue;
    list.forEach((node, i) => {
      if (isObj(node)) nodes.push({ path: `/${key}/${i}`, role, node });
    });
  }
  return nodes;
}

/** The SSH port a node is reached on (its own, else ssh.port, else 22); undefined when one given is unusable. */
export function sshPort(data: unknown, node: Obj): number | undefined {
  if (node.port !== undefined) return int(node, 'port');
  const ssh = isObj(data) ? data.ssh : undefined;
  return intOr(ssh, 'port', CLUSTER_FILE_DEFAULTS.ssh.port);
}
