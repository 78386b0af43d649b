import { readFileSync } from 'node:fs';

/**
 * uid/gid → names from /etc/passwd and /etc/group, read once (Mesos' files/browse shows
 * names). Falls back to the number when a name is unknown.
 */
let cache: { users: Map<number, string>; groups: Map<number, string> } | undefined;

function parse(file: string): Map<number, string> {
  const out = new Map<number, string>();
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id && /^\d+$/.test(id)) out.set(Number(id), name);
    }
  } catch {
    // No such file: numbers only.
  }
  return out;
}

export function userAndGroupNames(uid: number, gid: number): { user: string; group: string } {
  cache ??= { users: parse('/etc/passwd'), groups: parse('/etc/group') };
  return { user: cache.users.get(uid) ?? String(uid), group: cache.groups.get(gid) ?? String(gid) };
}
