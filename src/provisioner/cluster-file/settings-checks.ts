import { posix } from 'node:path';
import { tildeUserProblem } from './node-checks.js';
import type { Problem } from './problem.js';
import { intOr, isObj, str } from './raw-access.js';
import { CLUSTER_FILE_DEFAULTS } from './schema.js';

/** What the schema cannot say about `ssh`, `ports` and `paths`. */
export function settingsProblems(data: unknown): Problem[] {
  if (!isObj(data)) return [];
  const problems = [...portProblems(data), ...pathProblems(data)];
  const keyFile = str(data.ssh, 'keyFile');
  if (keyFile !== undefined && /^~[^/]/.test(keyFile)) problems.push(tildeUserProblem('/ssh/keyFile'));
  return problems;
}

/** "A-B" (spaces around the dash allowed); undefined when it is not a range at all. */
export function parsePortRange(text: string): [number, number] | undefined {
  const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(text);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function portProblems(data: Record<string, unknown>): Problem[] {
  const ports = data.ports;
  const tasks = ports === undefined || (isObj(ports) && ports.tasks === undefined) ? CLUSTER_FILE_DEFAULTS.ports.tasks : str(ports, 'tasks');
  if (tasks === undefined) return []; // a type error already
  const path = '/ports/tasks';
  const range = parsePortRange(tasks);
  if (!range) return [{ path, message: 'must be a port range "FIRST-LAST"', hint: rangeHint(tasks), at: 'value' }];
  const [first, last] = range;
  if (first < 1 || last > 65535) return [{ path, message: 'must lie within 1-65535', hint: 'e.g. `tasks: "31000-32000"`', at: 'value' }];
  if (first > last) return [{ path, message: 'must run from the lower port to the higher', hint: `write \`tasks: "${last}-${first}"\``, at: 'value' }];
  const taken = (['master', 'agent'] as const)
    .map((role) => ({ role, port: intOr(ports, role, CLUSTER_FILE_DEFAULTS.ports[role]) }))
    .filter((d): d is { role: 'master' | 'agent'; port: number } => d.port !== undefined && d.port >= first && d.port <= last);
  if (taken.length === 0) return [];
  // On what the user wrote: the range, or else the daemon port moved into the default range.
  if (isObj(ports) && ports.tasks !== undefined) {
    return [{
      path,
      message: `must not contain ${taken.map((d) => `the ${d.role} port ${d.port}`).join(' or ')}`,
      hint: `a task could be given a port a daemon listens on: move the range or change ${taken.map((d) => `\`ports.${d.role}\``).join(' and ')}`,
      at: 'value',
    }];
  }
  return taken.map(({ role }) => ({
    path: `/ports/${role}`,
    message: `must not be in the task port range ${tasks} (\`ports.tasks\`, by default)`,
    hint: `a task could be given the port the ${role} listens on: choose a port outside it, or set \`ports.tasks\``,
    at: 'value' as const,
  }));
}

function rangeHint(text: string): string {
  const single = /^\s*(\d+)\s*$/.exec(text);
  if (single) return `one port is a range too: \`tasks: "${single[1]}-${single[1]}"\``;
  const other = /^\s*(\d+)\s*(?::|\.\.|,|–)\s*(\d+)\s*$/.exec(text);
  if (other) return `write it with a dash: \`tasks: "${other[1]}-${other[2]}"\``;
  return 'e.g. `tasks: "31000-32000"`';
}

const PATH_KEYS = ['install', 'state', 'config'] as const;

/** A path as the nodes will use it: normalized, without a trailing slash. */
export function normalizeRemotePath(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 ? n.replace(/\/+$/, '') : n;
}

/**
 * The three directories are apart: `cluster down` removes install and config but keeps
 * state unless --purge, which only holds if none contains another. A problem sits on the
 * path the user wrote (not on a default), and on the later of two they wrote.
 */
function pathProblems(data: Record<string, unknown>): Problem[] {
  const paths = data.paths;
  if (paths !== undefined && !isObj(paths)) return [];
  const problems: Problem[] = [];
  const effective: { key: (typeof PATH_KEYS)[number]; value: string; given: boolean }[] = [];
  for (const key of PATH_KEYS) {
    const raw = isObj(paths) && paths[key] !== undefined ? str(paths, key) : CLUSTER_FILE_DEFAULTS.paths[key];
    if (raw === undefined || !raw.startsWith('/')) continue; // the schema reports it
    const given = isObj(paths) && paths[key] !== undefined;
    if (raw.split('/').includes('..')) {
      problems.push({ path: `/paths/${key}`, message: 'must not contain ".."', hint: 'write the directory as it is, without ".."', at: 'value' });
      continue;
    }
    const value = normalizeRemotePath(raw);
    if (value === '/') {
      problems.push({ path: `/paths/${key}`, message: 'must not be "/"', hint: `use a directory of its own, e.g. \`${key}: ${CLUSTER_FILE_DEFAULTS.paths[key]}\``, at: 'value' });
      continue;
    }
    effective.push({ key, value, given });
  }
  for (let i = 0; i < effective.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [effective[j], effective[i]];
      const blamed = b.given ? b : a.given ? a : undefined;
      if (!blamed) continue;
      const other = blamed === b ? a : b;
      const relation = a.value === b.value
        ? 'must not be the same directory as'
        : inside(blamed.value, other.value) ? 'must not be inside' : inside(other.value, blamed.value) ? 'must not contain' : undefined;
      if (!relation) continue;
      problems.push({
        path: `/paths/${blamed.key}`,
        message: `${relation} paths.${other.key} (${other.value})`,
        hint: 'keep install, state and config apart: `cluster down` removes install and config but keeps state',
        at: 'value',
      });
    }
  }
  return problems;
}

function inside(child: string, parent: string): boolean {
  return child.startsWith(`${parent}/`);
}
