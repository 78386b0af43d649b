import { readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { loadClusterFile, parseClusterFile, type ParseOptions } from './cluster-file.js';
import { allNodes, type ClusterSpec } from './cluster-spec.js';
import { insertNode } from './insert-node.js';

export interface AddAgentOptions extends ParseOptions {
  public?: boolean;
  attributes?: Record<string, string>;
}

/** An agent to be added to a cluster file: provision `spec`, then commit() the file. */
export interface AgentAddition {
  /** agent-N or public-agent-N, as the node is named once in the file. */
  name: string;
  /** False when the host is in the file already: there is nothing to commit. */
  added: boolean;
  /** The cluster with the node, compiled from the text about to be written. */
  spec: ClusterSpec;
  /** Writes the file with the node's lines inserted (nothing else changes), unless it changed since it was read. */
  commit(): Promise<void>;
}

/**
 * Plans adding HOST as an agent to a cluster file without touching the file: the new
 * text differs from the old by the inserted lines alone (insert-node.ts) and must
 * validate, and every other node must compile exactly as before. The caller provisions
 * `spec` and commits only when that succeeded, so a host that cannot be provisioned
 * never lands in the file.
 */
export async function planAgentAddition(file: string, host: string, opts: AddAgentOptions = {}): Promise<AgentAddition> {
  const text = await readFile(file, 'utf8');
  const before = await loadClusterFile(file, opts);
  const existing = allNodes(before).find((n) => n.ssh.host === host || n.address === host);
  if (existing) return { name: existing.name, added: false, spec: before, commit: async () => undefined };

  const key = opts.public ? 'publicAgents' : 'agents';
  const edit = insertNode(text, key, { host, attributes: opts.attributes });
  const spec = parseClusterFile(edit.text, file, opts);
  const node = allNodes(spec).find((n) => n.ssh.host === host);
  const others = allNodes(spec).filter((n) => n !== node);
  if (!node || !isDeepStrictEqual(others, allNodes(before)) || !isDeepStrictEqual(node.attributes, opts.attributes ?? {})) {
    throw new DcosError(ErrorCodes.INTERNAL, `cannot add ${host} to ${file} without changing its other entries: add it under \`${key}:\` by hand`);
  }
  return {
    name: node.name,
    added: true,
    spec,
    async commit() {
      const target = await realpath(file);
      if ((await readFile(target, 'utf8')) !== text) {
        throw new DcosError(ErrorCodes.CONFLICT,
          `${node.name} (${host}) was provisioned, but ${file} changed meanwhile and was left as it is: add it under \`${key}:\` as ${JSON.stringify(edit.inserted.trim())}`);
      }
      const tmp = `${target}.${process.pid}.tmp`;
      await writeFile(tmp, edit.text, { mode: (await stat(target)).mode & 0o777 });
      await rename(tmp, target);
    },
  };
}
