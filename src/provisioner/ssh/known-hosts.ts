import { createHmac, timingSafeEqual } from 'node:crypto';
import { keyTypeOf } from './host-key.js';

/**
 * The OpenSSH known_hosts format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), read-only
 * except for formatLine:
 *
 *   [@revoked|@cert-authority] hostpatterns keytype base64-key [comment]
 *
 * hostpatterns is either a comma-separated list of names/addresses with `*` and `?`
 * wildcards and `!` negations, where a non-default port is written `[host]:port`, or
 * one hashed name `|1|base64(salt)|base64(HMAC-SHA1(salt, name))` (HashKnownHosts).
 * Lines that do not parse are skipped, as ssh does.
 */
export interface KnownHostsEntry {
  /** 1-based line number, for messages such as "known_hosts:3". */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** The host field as written (patterns, or the hashed form). */
  hosts: string;
  keyType: string;
  /** The key blob (decoded base64). */
  key: Buffer;
}

export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const out: KnownHostsEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const entry = parseLine(lines[i], i + 1);
    if (entry) out.push(entry);
  }
  return out;
}

function parseLine(raw: string, line: number): KnownHostsEntry | undefined {
  const text = raw.trim();
  if (text === '' || text.startsWith('#')) return undefined;
  const fields = text.split(/\s+/);
  let marker: KnownHostsEntry['marker'];
  if (fields[0].startsWith('@')) {
    const m = fields.shift()!;
    if (m === '@revoked') marker = 'revoked';
    else if (m === '@cert-authority') marker = 'cert-authority';
    else return undefined;
  }
  const [hosts, keyType, b64] = fields;
  if (!hosts || !keyType || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) return undefined;
  const key = Buffer.from(b64, 'base64');
  // A line whose blob declares another type than its key type field is corrupt.
  if (keyTypeOf(key) !== keyType) return undefined;
  return { line, ...(marker ? { marker } : {}), hosts, keyType, key };
}

/** The name ssh looks a host up by: `host` on port 22, `[host]:port` otherwise; lower case, as ssh does. */
export function knownHostsName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** Whether the entry's host field matches `name` (as made by knownHostsName). */
export function entryMatches(entry: Pick<KnownHostsEntry, 'hosts'>, name: string): boolean {
  if (entry.hosts.startsWith('|1|')) return hashedMatches(entry.hosts, name);
  let matched = false;
  for (const pattern of entry.hosts.split(',')) {
    if (pattern === '') continue;
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    if (globMatches(glob.toLowerCase(), name)) {
      if (negated) return false; // a negated match rejects the line whatever else matches
      matched = true;
    }
  }
  return matched;
}

function hashedMatches(field: string, name: string): boolean {
  const parts = field.split('|'); // ['', '1', salt, hash]
  if (parts.length !== 4) return false;
  const salt = Buffer.from(parts[2], 'base64');
  const expected = Buffer.from(parts[3], 'base64');
  const actual = createHmac('sha1', salt).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** OpenSSH match_pattern: `*` any run of characters, `?` one character, everything else literal. */
function globMatches(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      starP = p++;
      starN = n;
    } else if (starP !== -1) {
      p = starP + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Entries for `name`, in file order. */
export function entriesFor(entries: KnownHostsEntry[], name: string): KnownHostsEntry[] {
  return entries.filter((e) => entryMatches(e, name));
}

/** One known_hosts line recording `key` for `name` (unhashed, so people can read and edit the file). */
export function formatLine(name: string, key: Buffer, comment?: string): string {
  const type = keyTypeOf(key);
  if (!type) throw new Error('not an SSH public key blob');
  return `${name} ${type} ${key.toString('base64')}${comment ? ` ${comment}` : ''}\n`;
}
