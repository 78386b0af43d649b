/**
 * "Did you mean …?" for unknown keys. Keys are compared folded (lowercase, without "_"
 * and "-"), so `key_file`, `KeyFile` and `key-file` all find `keyFile`; a small edit
 * distance (with transpositions) catches typos.
 */
import { editDistance } from '../../core/edit-distance.js';

/** DC/OS config.yaml names (dcos-surface.md §6) and habits from other tools, with their place here. */
const KNOWN_ALIASES: Record<string, string> = {
  clustername: 'name',
  master: 'masters',
  agent: 'agents',
  publicagent: 'publicAgents',
  masterlist: 'masters',
  agentlist: 'agents',
  publicagentlist: 'publicAgents',
  privateagents: 'agents',
  slaves: 'agents',
  publicslaves: 'publicAgents',
  sshkeypath: 'ssh.keyFile',
  identityfile: 'keyFile',
  privatekey: 'keyFile',
  fingerprint: 'hostKey',
  ip: 'address',
  hostname: 'host',
};

export function fold(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

function closeEnough(distance: number, candidate: string): boolean {
  const n = candidate.length;
  const limit = n <= 4 ? 1 : n <= 8 ? 2 : 3;
  return distance <= limit && distance < n / 2;
}

/**
 * The key most likely meant by `unknown`. `candidates` are what is allowed where it
 * stands (`keyFile`) and, at the top level, keys of its sections as `ssh.user`, which
 * also match their folded concatenation (`ssh_user`).
 */
export function suggestKey(unknown: string, candidates: string[]): string | undefined {
  const folded = fold(unknown);
  const alias = KNOWN_ALIASES[folded];
  if (alias) {
    const placed = candidates.find((c) => c === alias || c.endsWith(`.${alias}`));
    if (placed) return placed;
  }
  let best: { key: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const forms = [fold(candidate.replace('.', '')), fold(candidate.split('.').pop()!)];
    for (const form of forms) {
      const distance = editDistance(folded, form);
      if (closeEnough(distance, form) && (!best || distance < best.distance)) best = { key: candidate, distance };
    }
  }
  return best?.key;
}
