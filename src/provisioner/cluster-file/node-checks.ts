import type { Problem } from './problem.js';
import { isObj, rawNodes, sshPort, str, type RawNode } from './raw-access.js';
import { suggestKey } from './suggest.js';

/**
 * What the schema cannot say about the nodes: the size of the quorum, that there is
 * somewhere to run tasks, that no machine is listed twice, and that each node can be
 * logged in to (a key file, unless ssh-agent runs: `agent`) and trusted (a well-formed
 * pinned host key).
 */
export function nodeProblems(data: unknown, opts: { agent: boolean } = { agent: false }): Problem[] {
  const nodes = rawNodes(data);
  const keys = opts.agent ? [] : keyFileProblems(data, nodes);
  return [...quorumProblems(data), ...agentCountProblems(data), ...identityProblems(data, nodes), ...keys, ...nodes.flatMap((n) => formatProblems(data, n))];
}

/** 1, 3 or 5 masters: etcd (several masters) needs a majority, and an even count tolerates no more failures than one fewer. */
function quorumProblems(data: unknown): Problem[] {
  const masters = isObj(data) ? data.masters : undefined;
  if (!Array.isArray(masters)) return []; // missing or not a list: the schema says so
  const n = masters.length;
  if (n === 1 || n === 3 || n === 5) return [];
  if (n === 0) return [{ path: '/masters', message: 'must list at least one master', hint: 'add `- host: 10.0.0.1`', at: 'value' }];
  return [{
    path: '/masters',
    message: `must list 1, 3 or 5 masters, not ${n}`,
    hint: n % 2 === 0
      ? 'use 1, 3 or 5 masters: a quorum needs an odd number'
      : 'use 1, 3 or 5 masters: 5 already survive 2 failures, and every further master slows each write',
    at: 'value',
  }];
}

function agentCountProblems(data: unknown): Problem[] {
  if (!isObj(data)) return [];
  const lists = [data.agents, data.publicAgents];
  if (lists.some((l) => l !== undefined && !Array.isArray(l))) return []; // a type error already
  if (lists.some((l) => Array.isArray(l) && l.length > 0)) return [];
  return [{
    path: '/agents',
    message: 'must list at least one agent: tasks run on agents (private or public)',
    hint: 'add `agents: [{host: 10.0.0.11}]`',
    at: data.agents === undefined ? 'parent' : 'value',
  }];
}

/** One machine, one role: the SSH target (host and port) and the address must each be unique. */
function identityProblems(data: unknown, nodes: RawNode[]): Problem[] {
  const problems: Problem[] = [];
  const targets = new Map<string, string>();
  const addresses = new Map<string, string>();
  for (const { path, node } of nodes) {
    const host = str(node, 'host');
    const port = sshPort(data, node);
    let duplicateTarget = false;
    if (host !== undefined && port !== undefined) {
      const target = `${host.toLowerCase()}#${port}`;
      const first = targets.get(target);
      if (first) {
        duplicateTarget = true;
        problems.push({
          path: `${path}/host`,
          message: `is the same host as ${first} (${host}, SSH port ${port})`,
          hint: 'a machine has one role: remove one of the two',
          at: 'value',
        });
      } else targets.set(target, path);
    }
    const address = str(node, 'address') ?? host;
    if (address === undefined || duplicateTarget) continue;
    const first = addresses.get(address.toLowerCase());
    if (!first) {
      addresses.set(address.toLowerCase(), path);
      continue;
    }
    const own = str(node, 'address') !== undefined;
    problems.push({
      path: own ? `${path}/address` : `${path}/host`,
      message: `is also the address of ${first} (${address})${own ? '' : ': `address` defaults to `host`'}`,
      hint: own ? 'every node needs an address of its own' : 'two nodes on one host: give each its own `address:`',
      at: 'value',
    });
  }
  return problems;
}

/**
 * Every node needs a key file, from `ssh.keyFile` or its own. When none has one, that is
 * one problem (the default is missing), not one per node.
 */
function keyFileProblems(data: unknown, nodes: RawNode[]): Problem[] {
  const ssh = isObj(data) ? data.ssh : undefined;
  if (ssh !== undefined && (!isObj(ssh) || ssh.keyFile !== undefined)) return []; // a default, or a type error the schema reports
  // A node with a misspelt keyFile (`key_file`) is reported for the misspelling alone.
  const without = nodes.filter(({ node }) => !Object.keys(node).some((k) => k === 'keyFile' || suggestKey(k, ['keyFile']) === 'keyFile'));
  if (without.length === 0) return [];
  if (without.length === nodes.length) {
    return [{
      path: '/ssh/keyFile',
      message: 'is required: no node sets its own `keyFile`',
      hint: 'add `keyFile: ~/.ssh/id_ed25519` under `ssh:`, the default of every node',
      at: 'parent', // under `ssh:`, or the top of the file when there is no `ssh:`
      missing: true,
    }];
  }
  return without.map(({ path }) => ({
    path: `${path}/keyFile`,
    message: 'is required: there is no default `ssh.keyFile`',
    hint: 'add `keyFile:` to this node, or a default `keyFile` under `ssh:`',
    at: 'parent',
    missing: true,
  }));
}

const FINGERPRINT = /^SHA256:[A-Za-z0-9+/]{43}$/;

function formatProblems(data: unknown, { path, node }: RawNode): Problem[] {
  const problems: Problem[] = [];
  for (const key of ['host', 'address'] as const) {
    const value = str(node, key);
    // One colon is a port (an IPv6 address has at least two).
    const withPort = value === undefined ? null : /^[^:]+:(\d+)$/.exec(value);
    if (withPort) {
      problems.push({
        path: `${path}/${key}`,
        message: 'must not include a port',
        hint: key === 'host' ? `write \`port: ${withPort[1]}\` on a line of its own` : 'daemons use `ports.master` and `ports.agent`',
        at: 'value',
      });
    }
  }
  const keyFile = str(node, 'keyFile');
  if (keyFile !== undefined && /^~[^/]/.test(keyFile)) problems.push(tildeUserProblem(`${path}/keyFile`));
  const hostKey = str(node, 'hostKey');
  if (hostKey !== undefined && !FINGERPRINT.test(hostKey)) {
    problems.push({ path: `${path}/hostKey`, message: 'must be an OpenSSH SHA256 fingerprint: "SHA256:" and 43 base64 characters', hint: hostKeyHint(hostKey, str(node, 'host'), sshPort(data, node)), at: 'value' });
  }
  return problems;
}

export function tildeUserProblem(path: string): Problem {
  return { path, message: 'must be absolute, relative to this file, or start with ~/', hint: '~user paths are not expanded: write the path in full', at: 'value' };
}

function hostKeyHint(value: string, host: string | undefined, port: number | undefined): string {
  const scan = `ssh-keyscan -p ${port ?? 22} ${host ?? 'HOST'} | ssh-keygen -lf -`;
  if (/^SHA256:[A-Za-z0-9+/]{43}=$/.test(value)) return 'drop the trailing "=": OpenSSH writes fingerprints without padding';
  if (/^sha256:/i.test(value) && FINGERPRINT.test(`SHA256:${value.slice(7)}`)) return 'write the prefix in capitals: `SHA256:`';
  if (/^(MD5:)?([0-9a-f]{2}:){15}[0-9a-f]{2}$/i.test(value)) return `that is an MD5 fingerprint; \`${scan}\` prints the SHA256 one`;
  if (/^(ssh-|ecdsa-)/.test(value)) return `that is a public key, not its fingerprint; \`${scan}\` prints the fingerprint`;
  return `get it with \`${scan}\`, and check it out of band`;
}
