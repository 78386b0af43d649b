import { createHash } from 'node:crypto';

/**
 * An SSH public key blob (RFC 4253 §6.6: string key-type, then type-specific fields), as
 * a server sends it during key exchange and as known_hosts stores it in base64.
 */

/** OpenSSH's fingerprint of a key blob: "SHA256:" + base64(sha256(blob)) without '=' padding (`ssh-keygen -lf`). */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type a blob declares ("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256"…), or undefined when malformed. */
export function keyTypeOf(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) return undefined;
  const type = blob.toString('latin1', 4, 4 + len);
  return /^[\x21-\x7e]+$/.test(type) ? type : undefined;
}

/** "ED25519", "RSA", "ECDSA": the short name OpenSSH prints in its messages. */
export function keyTypeLabel(type: string): string {
  if (type === 'ssh-ed25519') return 'ED25519';
  if (type === 'ssh-rsa') return 'RSA';
  if (type === 'ssh-dss') return 'DSA';
  if (type.startsWith('ecdsa-')) return 'ECDSA';
  return type;
}

/**
 * Canonical form of a fingerprint written by a person (cluster.yaml `hostKey`): the
 * "SHA256:" prefix is required by the schema but tolerated missing here, and base64
 * padding, which `ssh-keygen` never prints but some tools do, is dropped.
 */
export function normalizeFingerprint(fp: string): string {
  const trimmed = fp.trim();
  const body = trimmed.replace(/^SHA256:/i, '').replace(/=+$/, '');
  return `SHA256:${body}`;
}

/**
 * Host key algorithms (as negotiated in key exchange) that present a key of `type`.
 * RSA keys sign with rsa-sha2-512/256 (RFC 8332) or the legacy ssh-rsa.
 */
export function algorithmsForKeyType(type: string): string[] {
  return type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type];
}
