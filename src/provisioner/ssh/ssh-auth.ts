import ssh2, { type IdentityCallback, type ParsedKey } from 'ssh2';
import type { SshTarget } from '../cluster-file/cluster-spec.js';
import { readKeyFile } from './key-file.js';
import { sshError } from './ssh-errors.js';

const { OpenSSHAgent } = ssh2;

/** What the connector authenticates with: a private key, or keys ssh-agent holds (it signs; the keys never leave it). */
export type SshAuth = { privateKey: Buffer; agent?: undefined } | { agent: InstanceType<typeof OpenSSHAgent>; privateKey?: undefined };

/**
 * Public key authentication as OpenSSH's client and Ansible do it, and never a prompt:
 *   keyFile without a passphrase   that key
 *   keyFile with a passphrase      the same key, held by ssh-agent ($SSH_AUTH_SOCK)
 *   no keyFile                     every key ssh-agent holds, as `ssh` without -i
 * Whatever cannot work fails here, before connecting, naming the key file and the fix
 * (`ssh-add`). `agentSocket` undefined: no ssh-agent runs.
 */
export async function sshAuth(target: SshTarget, agentSocket: string | undefined): Promise<SshAuth> {
  const noAgent = 'no ssh-agent runs (SSH_AUTH_SOCK is not set)';
  if (target.keyFile === undefined) {
    if (!agentSocket) throw sshError(target, `no keyFile is set for this node and ${noAgent}: set keyFile in cluster.yaml, or start ssh-agent and \`ssh-add\` the key`);
    const keys = await agentKeys(target, agentSocket);
    if (keys.length === 0) throw sshError(target, `ssh-agent (SSH_AUTH_SOCK=${agentSocket}) holds no keys: \`ssh-add\` the key that logs in to this host`);
    return { agent: new HeldKeysAgent(agentSocket, keys) };
  }
  const file = readKeyFile(target.keyFile);
  if (!file.usable) throw sshError(target, `the key file ${target.keyFile} ${file.problem} (${file.hint})`);
  if (!file.encrypted) return { privateKey: file.key };
  const locked = `the key file ${target.keyFile} is protected by a passphrase`;
  if (!agentSocket) throw sshError(target, `${locked}, and ${noAgent}; dcos never asks for passphrases: start ssh-agent (eval "$(ssh-agent)") and run \`ssh-add ${target.keyFile}\``);
  const held = (await agentKeys(target, agentSocket)).filter((k) => !file.publicKey || k.getPublicSSH().equals(file.publicKey));
  if (held.length === 0) throw sshError(target, `${locked}, and ssh-agent (SSH_AUTH_SOCK=${agentSocket}) does not hold it: run \`ssh-add ${target.keyFile}\``);
  return { agent: new HeldKeysAgent(agentSocket, held) };
}

function agentKeys(target: SshTarget, socket: string): Promise<ParsedKey[]> {
  return new Promise((resolve, reject) => {
    new OpenSSHAgent(socket).getIdentities((err, keys) => {
      if (err) reject(sshError(target, `cannot reach ssh-agent at ${socket} (SSH_AUTH_SOCK): ${err.message}`, err));
      else resolve((keys ?? []).filter((k): k is ParsedKey => typeof (k as ParsedKey).getPublicSSH === 'function'));
    });
  });
}

/** ssh-agent offering only the keys chosen here (the key file's own, when there is one); signing stays with the agent. */
class HeldKeysAgent extends OpenSSHAgent {
  constructor(socket: string, private readonly keys: ParsedKey[]) {
    super(socket);
  }

  override getIdentities(cb: IdentityCallback<ParsedKey>): void {
    cb(undefined, this.keys);
  }
}
