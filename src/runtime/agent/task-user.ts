import { isUserName } from '../../core/task-limits.js';
import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * TaskLaunch.user: the user of the agent's host a task (and its COMMAND checks) runs as.
 *
 * Switching is done by `setpriv --reuid=U --regid=G --init-groups -- cmd...` (util-linux),
 * not by Node's spawn uid/gid: libuv calls setgroups(0) before setgid/setuid, so a task
 * would lose its user's supplementary groups (a member of ssl-cert could not read its
 * keys). setpriv calls initgroups(3) and then execs the command in the same process, so
 * the pid the agent records (its wrapper, the task's process group) is the task itself,
 * unlike su or runuser, which fork and stay as a parent, and need PAM.
 */
export interface TaskUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** The agent process's own user. */
export interface AgentUser {
  uid: number;
  name: string;
}


export function currentAgentUser(): AgentUser {
  return { uid: process.getuid?.() ?? -1, name: userInfo().username };
}

/**
 * How a task that asks for `name` runs: `{ user }` when the agent must switch to that
 * user, `{}` when no switch is needed (no user asked, or the agent's own), `{ problem }`
 * (the task's TASK_FAILED message) when it cannot run.
 */
export async function resolveTaskUser(name: string | undefined, agent: AgentUser, hostname: string): Promise<{ user?: TaskUser; problem?: string }> {
  if (name === undefined) return {};
  const user = isUserName(name) ? await cachedUser(name) : undefined;
  if (!user) return { problem: `user '${name}' does not exist on agent ${hostname}` };
  if (user.uid === agent.uid) return {};
  if (agent.uid !== 0) {
    return { problem: `user '${name}' cannot run tasks on agent ${hostname}: the agent runs as user '${agent.name}', not root, and cannot switch users` };
  }
  if (!setprivPath()) return { problem: `agent ${hostname} cannot run tasks as user '${name}': setpriv (util-linux) is not installed` };
  return { user };
}

/**
 * Users looked up in the last few seconds: a launch of 1,000 tasks of one app asks for
 * the same user 1,000 times, and each `getent` is a process. Short, so a user added or
 * changed on the host is seen soon.
 */
const USER_CACHE_MS = 10_000;
const userCache = new Map<string, { at: number; user: Promise<TaskUser | undefined> }>();

function cachedUser(name: string): Promise<TaskUser | undefined> {
  const now = Date.now();
  const hit = userCache.get(name);
  if (hit && now - hit.at < USER_CACHE_MS) return hit.user;
  const user = lookUpUser(name);
  userCache.set(name, { at: now, user });
  user.catch(() => userCache.delete(name));
  if (userCache.size > 1_000) userCache.delete(userCache.keys().next().value!);
  return user;
}

/** `argv` run as `user` (through setpriv), or as is without a user. */
export function asUser(user: TaskUser | undefined, argv: string[]): string[] {
  if (!user) return argv;
  const setpriv = setprivPath();
  if (!setpriv) throw new Error(`setpriv (util-linux) is needed to run as user '${user.name}' and is not installed`);
  return [setpriv, `--reuid=${user.uid}`, `--regid=${user.gid}`, '--init-groups', '--', ...argv];
}

/** HOME, USER and LOGNAME of `user`, as a login would set them. */
export function userEnvironment(user: TaskUser): Record<string, string> {
  return { HOME: user.home, USER: user.name, LOGNAME: user.name };
}

/**
 * The passwd entry of `name` through NSS (`getent passwd`, so LDAP/SSSD users count), or
 * /etc/passwd where getent is missing. Undefined when there is no such user. An entry
 * whose name differs is refused: getent also answers a number with that uid's entry.
 */
export async function lookUpUser(name: string): Promise<TaskUser | undefined> {
  let line: string | undefined;
  try {
    line = await getent(name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  }
  const [entryName, , uid, gid, , home] = (line ?? '').trim().split(':');
  if (entryName !== name || !/^\d+$/.test(uid ?? '') || !/^\d+$/.test(gid ?? '')) return undefined;
  return { name, uid: Number(uid), gid: Number(gid), home: home || '/' };
}

/** getent's exit status 2 means "no such entry". */
function getent(name: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    execFile('getent', ['passwd', name], { timeout: 5_000, maxBuffer: 64 * 1024 }, (err, stdout) => {
      if (!err) return resolve(stdout);
      if ((err as { code?: unknown }).code === 2) return resolve(undefined);
      reject(err);
    });
  });
}

let setpriv: string | null | undefined;

/** Absolute path of setpriv, looked up once in the agent's PATH and the usual places. */
function setprivPath(): string | undefined {
  if (setpriv === undefined) {
    const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
    setpriv = dirs.map((d) => join(d, 'setpriv')).find(isExecutable) ?? null;
  }
  return setpriv ?? undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
