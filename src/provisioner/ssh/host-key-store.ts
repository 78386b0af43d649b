import { appendFile, chmod, mkdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { SshTarget } from '../cluster-file/cluster-spec.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { fingerprintOf, keyTypeLabel, keyTypeOf, normalizeFingerprint } from './host-key.js';
import type { HostKeyDecision, HostKeyTrust } from './host-key-trust.js';
import { targetLabel } from './host-key-trust.js';
import { entriesFor, formatLine, knownHostsName, parseKnownHosts, type KnownHostsEntry } from './known-hosts.js';

export interface HostKeyStoreOptions {
  /** The CLI's own known_hosts, where first-use keys are recorded: $DCOS_DIR/known_hosts. */
  storeFile: string;
  /**
   * known_hosts files of the user and the system, read only, in order (default
   * ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts, as ssh reads them). Tests pass [].
   */
  userFiles?: string[];
}

export function defaultUserKnownHostsFiles(): string[] {
  return [join(homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
}

interface FileEntry extends KnownHostsEntry {
  file: string;
}

/**
 * HostKeyTrust over known_hosts files (see host-key-trust.ts for the decision order).
 * The store is plain OpenSSH format (`[host]:port keytype base64`, `host` alone on port
 * 22), so `ssh -o UserKnownHostsFile=$DCOS_DIR/known_hosts` and `ssh-keygen -R` work on it.
 */
export class HostKeyStore implements HostKeyTrust {
  private readonly userFiles: string[];
  /** Recording is serialised so parallel connections to one host append one line. */
  private recording: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: HostKeyStoreOptions) {
    this.userFiles = opts.userFiles ?? defaultUserKnownHostsFiles();
  }

  get storeFile(): string {
    return this.opts.storeFile;
  }

  async knownKeyTypes(target: SshTarget): Promise<string[]> {
    const name = knownHostsName(target.host, target.port);
    const entries = [...(await this.readUserEntries(name)), ...(await readEntries(this.opts.storeFile, name))];
    return [...new Set(entries.filter((e) => e.marker === undefined).map((e) => e.keyType))];
  }

  async verify(target: SshTarget, key: Buffer): Promise<HostKeyDecision> {
    const keyType = keyTypeOf(key);
    const fingerprint = fingerprintOf(key);
    if (!keyType) throw hostKeyError(target, 'the host presented a malformed host key');
    const base = { fingerprint, keyType };

    if (target.hostKey !== undefined) {
      const pinned = normalizeFingerprint(target.hostKey);
      if (pinned === fingerprint) return { ...base, source: 'pinned', recorded: false };
      throw hostKeyError(target,
        `host key mismatch: cluster.yaml pins ${pinned} (hostKey) but the host presents ${keyTypeLabel(keyType)} key ${fingerprint}. `
        + 'Someone may be intercepting the connection; if the host was reinstalled, update its hostKey in cluster.yaml to the new fingerprint '
        + `(on the host: \`ssh-keygen -lf /etc/ssh/ssh_host_${keyTypeFileName(keyType)}_key.pub\`).`);
    }

    const name = knownHostsName(target.host, target.port);
    const user = await this.readUserEntries(name);
    const revoked = user.find((e) => e.marker === 'revoked' && e.key.equals(key));
    if (revoked) {
      throw hostKeyError(target, `the host presents ${keyTypeLabel(keyType)} key ${fingerprint}, which ${revoked.file}:${revoked.line} marks @revoked`);
    }
    const plain = user.filter((e) => e.marker === undefined);
    const same = plain.find((e) => e.key.equals(key));
    if (same) return { ...base, source: 'known_hosts', recorded: false, file: same.file, line: same.line };
    // Any other key on record is a conflict, of another type too: the connector offered
    // the recorded types first, so a host that still has its key would have shown it.
    const conflicting = plain.find((e) => e.keyType === keyType) ?? plain[0];
    if (conflicting) throw changedKeyError(target, name, key, conflicting);

    return this.checkStore(target, name, key, base);
  }

  private async checkStore(target: SshTarget, name: string, key: Buffer, base: Pick<HostKeyDecision, 'fingerprint' | 'keyType'>): Promise<HostKeyDecision> {
    const run = this.recording.then(async (): Promise<HostKeyDecision> => {
      const file = this.opts.storeFile;
      const entries = (await readEntries(file, name)).filter((e) => e.marker === undefined);
      const same = entries.find((e) => e.key.equals(key));
      if (same) return { ...base, source: 'dcos_known_hosts', recorded: false, file, line: same.line };
      // Our own store keeps one key per host: any other key, of any type, means the host changed.
      if (entries.length > 0) throw changedKeyError(target, name, key, entries[0]);
      const line = await appendEntry(file, formatLine(name, key));
      return { ...base, source: 'first_use', recorded: true, file, line };
    });
    this.recording = run.catch(() => undefined);
    return run;
  }

  private async readUserEntries(name: string): Promise<FileEntry[]> {
    const all = await Promise.all(this.userFiles.map((f) => readEntries(f, name)));
    return all.flat();
  }
}

async function readEntries(file: string, name: string): Promise<FileEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw new DcosError(ErrorCodes.HOST_KEY, `cannot read known hosts file ${file}: ${(err as Error).message}`, { cause: err });
  }
  return entriesFor(parseKnownHosts(text), name).map((e) => ({ ...e, file }));
}

/** Appends one line (O_APPEND, one write: atomic against another dcos doing the same); answers its line number. */
async function appendEntry(file: string, line: string): Promise<number> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  let before = '';
  try {
    before = await readFile(file, 'utf8');
  } catch {
    // a new file
  }
  const prefix = before !== '' && !before.endsWith('\n') ? '\n' : '';
  await appendFile(file, prefix + line, { mode: 0o600 });
  await chmod(file, 0o600);
  return before.split('\n').length - (before.endsWith('\n') || before === '' ? 1 : 0) + 1;
}

function hostKeyError(target: SshTarget, problem: string): DcosError {
  return new DcosError(ErrorCodes.HOST_KEY, `ssh ${targetLabel(target)}: ${problem}`);
}

function changedKeyError(target: SshTarget, name: string, key: Buffer, known: FileEntry): DcosError {
  const presented = `${keyTypeLabel(keyTypeOf(key) ?? '?')} key ${fingerprintOf(key)}`;
  const recorded = `${keyTypeLabel(known.keyType)} key ${fingerprintOf(known.key)}`;
  return hostKeyError(target,
    `the host key has CHANGED: the host presents ${presented}, but ${known.file}:${known.line} records ${recorded}. `
    + 'Someone may be intercepting the connection (refusing to connect). '
    + `If the host was reinstalled, remove its line from ${known.file} (\`ssh-keygen -R '${name}' -f ${known.file}\`) `
    + `or pin the new fingerprint with \`hostKey: ${fingerprintOf(key)}\` in cluster.yaml, then retry.`);
}

/** ssh_host_<x>_key, the file name sshd uses for a key type. */
function keyTypeFileName(type: string): string {
  if (type === 'ssh-ed25519') return 'ed25519';
  if (type === 'ssh-rsa') return 'rsa';
  if (type.startsWith('ecdsa-')) return 'ecdsa';
  return '*';
}
