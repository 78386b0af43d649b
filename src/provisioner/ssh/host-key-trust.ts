import type { SshTarget } from '../cluster-file/cluster-spec.js';

/**
 * Decides whether the key a host presents during key exchange is the host's: called by
 * the connector BEFORE authentication, so neither the user's key signature nor any
 * command reaches a host that is not trusted.
 *
 * Decision order (host-key-store.ts):
 *  1. a fingerprint pinned on the target (cluster.yaml `hostKey`) must match, else HOST_KEY;
 *  2. the user's ~/.ssh/known_hosts: the same key → trusted; any other key for the host
 *     → HOST_KEY (of another type too: the connector asks for the recorded types first
 *     (knownKeyTypes), so only a host that lost its key, or an impostor, shows another);
 *  3. the CLI's own store $DCOS_DIR/known_hosts: the same key → trusted; any other key
 *     → HOST_KEY (a hard failure: the host changed since first use); no entry → trust
 *     on first use, recorded there, and reported (`recorded: true`) so the CLI says so.
 */
export interface HostKeyTrust {
  /**
   * Key types (known_hosts names: "ssh-ed25519", "ssh-rsa"…) already on record for the
   * target, best first. The connector offers them first in key exchange, so a host
   * with several keys presents the one we can check instead of an unknown one.
   */
  knownKeyTypes(target: SshTarget): Promise<string[]>;
  /** Resolves with how the key was trusted; rejects with DcosError HOST_KEY naming the host, both fingerprints and the fix. */
  verify(target: SshTarget, key: Buffer): Promise<HostKeyDecision>;
}

export type HostKeySource =
  /** Matched target.hostKey. */
  | 'pinned'
  /** Found in the user's known_hosts. */
  | 'known_hosts'
  /** Found in $DCOS_DIR/known_hosts (recorded on an earlier first use). */
  | 'dcos_known_hosts'
  /** Not known anywhere: recorded now in $DCOS_DIR/known_hosts. */
  | 'first_use';

export interface HostKeyDecision {
  /** "SHA256:…" of the presented key. */
  fingerprint: string;
  /** "ssh-ed25519", "ssh-rsa"… */
  keyType: string;
  source: HostKeySource;
  /** True when this call recorded the key (trust on first use). */
  recorded: boolean;
  /** The file (and line) the key was found in or recorded to; absent for 'pinned'. */
  file?: string;
  line?: number;
}

/** "root@127.0.0.10:22", the way every SSH message names a host. */
export function targetLabel(target: Pick<SshTarget, 'user' | 'host' | 'port'>): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.user}@${host}:${target.port}`;
}

/** The notice the CLI prints when a key was trusted on first use. */
export function describeRecorded(target: SshTarget, decision: HostKeyDecision): string {
  return `recorded host key ${decision.fingerprint} for ${targetLabel(target)} (first use)`;
}
