import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';

const { utils } = ssh2;

/**
 * A private key file as this machine has it: usable as it is, protected by a passphrase
 * (then only ssh-agent can use it: dcos never asks for a passphrase, so that it behaves
 * the same in scripts, CI and on a terminal), or unusable, and why. The one reading of
 * key files, shared by the SSH connector and `cluster validate`.
 */
export type KeyFile =
  | { usable: true; encrypted: false; key: Buffer }
  /** `publicKey`: the key's public half (SSH wire format) when the file or its .pub says it, to pick it among ssh-agent's keys. */
  | { usable: true; encrypted: true; publicKey?: Buffer }
  /** `problem` completes "the key file PATH …"; `hint` says how to fix it. */
  | { usable: false; problem: string; hint: string };

export function readKeyFile(path: string): KeyFile {
  let key: Buffer;
  try {
    key = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { usable: false, problem: 'cannot be read: no such file', hint: `create a key with \`ssh-keygen -t ed25519 -f ${path}\`, or fix the path` };
    if (code === 'EACCES') return { usable: false, problem: 'cannot be read: permission denied', hint: 'make it readable by the user who runs dcos (chmod 600, owned by that user)' };
    if (code === 'EISDIR') return { usable: false, problem: 'is a directory', hint: 'give the private key file in it, e.g. ~/.ssh/id_ed25519' };
    return { usable: false, problem: `cannot be read: ${(err as Error).message}`, hint: 'give a readable private key file' };
  }
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) {
    if (/passphrase/i.test(parsed.message)) return { usable: true, encrypted: true, publicKey: publicHalf(key) ?? publicFile(path) };
    return { usable: false, problem: `is not a private key ssh2 can read (${parsed.message})`, hint: 'give an OpenSSH, PEM or PuTTY private key' };
  }
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (first && !first.isPrivateKey()) return { usable: false, problem: 'holds a public key', hint: 'give the private key (the file without .pub)' };
  return { usable: true, encrypted: false, key };
}

/**
 * The public key stored in clear at the head of an OpenSSH private key file (encrypted
 * or not): "openssh-key-v1\0", cipher, kdf, kdf options, the number of keys (1), then
 * the first public key, each a uint32-length-prefixed string (PROTOCOL.key).
 */
function publicHalf(file: Buffer): Buffer | undefined {
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(file.toString('utf8'));
  if (!m) return undefined;
  const data = Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
  const magic = Buffer.from('openssh-key-v1\0');
  if (!data.subarray(0, magic.length).equals(magic)) return undefined;
  let at = magic.length;
  const string = () => {
    if (at + 4 > data.length) return undefined;
    const len = data.readUInt32BE(at);
    const value = data.subarray(at + 4, at + 4 + len);
    at += 4 + len;
    return value.length === len ? value : undefined;
  };
  for (let i = 0; i < 3; i++) if (!string()) return undefined; // cipher, kdf, kdf options
  if (at + 4 > data.length || data.readUInt32BE(at) < 1) return undefined;
  at += 4;
  return string();
}

/** The public key in `<path>.pub` ("type base64 comment"), as ssh-keygen writes it beside a PEM key. */
function publicFile(path: string): Buffer | undefined {
  try {
    const [, base64] = readFileSync(`${path}.pub`, 'utf8').trim().split(/\s+/);
    return base64 ? Buffer.from(base64, 'base64') : undefined;
  } catch {
    return undefined;
  }
}
