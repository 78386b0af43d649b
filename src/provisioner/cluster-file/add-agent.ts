import { readFile, rename, writeFile } from 'node:fs/promises';
import { isSeq, parseDocument, YAMLSeq } from 'yaml';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { loadClusterFile } from './cluster-file.js';
import { allNodes } from './cluster-spec.js';

export interface AddAgentOptions {
  public?: boolean;
  attributes?: Record<string, string>;
}

/**
 * Adds an agent to a cluster file, keeping its comments and layout, unless the host is
 * in it already. The file is validated with the new node before it is replaced, so a
 * bad host never lands in it. Returns the node's name (agent-N / public-agent-N).
 */
export async function addAgentToFile(file: string, host: string, opts: AddAgentOptions = {}): Promise<{ name: string; added: boolean }> {
  const before = await loadClusterFile(file);
  const existing = allNodes(before).find((n) => n.ssh.host === host || n.address === host);
  if (existing) return { name: existing.name, added: false };

  const text = await readFile(file, 'utf8');
  const doc = parseDocument(text);
  const key = opts.public ? 'publicAgents' : 'agents';
  let list = doc.get(key);
  if (!isSeq(list)) {
    if (list !== undefined && list !== null) throw new DcosError(ErrorCodes.INVALID_DEFINITION, `${file}: ${key} is not a list`);
    list = new YAMLSeq();
    doc.set(key, list);
  }
  const entry = doc.createNode({ host, ...(opts.attributes && Object.keys(opts.attributes).length > 0 ? { attributes: opts.attributes } : {}) });
  (list as YAMLSeq).add(entry);

  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, doc.toString());
  try {
    const after = await loadClusterFile(tmp);
    const node = allNodes(after).find((n) => n.ssh.host === host);
    await rename(tmp, file);
    return { name: node!.name, added: true };
  } catch (err) {
    await rename(tmp, `${tmp}.rejected`).catch(() => undefined);
    throw err;
  }
}
