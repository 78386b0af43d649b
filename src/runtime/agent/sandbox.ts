import { chownSync, closeSync, constants, fstatSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MAX_TASK_ID_LENGTH } from '../../core/ids.js';
import { WRAPPER_FILES } from './wrapper.js';

/**
 * Sandbox layout: <root>/<frameworkId>/<taskId>/ holding the task's cwd, its stdout and
 * stderr, and the wrapper's bookkeeping files. Ids become path components, so they are
 * restricted to a safe alphabet (no "/", no leading ".").
 */
export const SAFE_ID_PATTERN = `^[A-Za-z0-9_][A-Za-z0-9_.:@+-]{0,${MAX_TASK_ID_LENGTH - 1}}$`;
const SAFE_ID = new RegExp(SAFE_ID_PATTERN);

export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id);
}

export function sandboxDir(root: string, frameworkId: string, taskId: string): string {
  for (const [what, id] of [['framework id', frameworkId], ['task id', taskId]]) {
    if (!isSafeId(id)) throw new Error(`${what} "${id}" cannot name a sandbox directory (allowed: ${SAFE_ID_PATTERN})`);
  }
  return join(root, frameworkId, taskId);
}

/** The sandbox, owned by `owner` when the task runs as another user: its wrapper writes stdout, stderr and its bookkeeping there. */
export function createSandbox(dir: string, owner?: { uid: number; gid: number }): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (owner) chownSync(dir, owner.uid, owner.gid);
}

/**
 * The first directory above `dir` that `user` cannot pass through (no search
 * permission for it, judged by owner, primary group and others), or undefined. A task
 * run as another user reaches its sandbox by path ($MESOS_SANDBOX, the wrapper's
 * stdout), so an agent work dir inside a private home (/root, mode 0700) cannot serve it.
 */
export function unreachableAncestor(dir: string, user: { uid: number; gid: number }): string | undefined {
  for (let d = dirname(dir); ; d = dirname(d)) {
    const st = statSync(d);
    const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return d;
    if (d === dirname(d)) return undefined;
  }
}

/**
 * A small number the wrapper wrote. The sandbox may belong to the task's user, who could
 * put a FIFO or a symlink to one there: the file is opened without following symlinks,
 * non-blocking, read only when regular, and only its first bytes.
 */
function readInteger(file: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return undefined;
    const buf = Buffer.alloc(32);
    const text = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString('utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The task's exit status as the wrapper recorded it; undefined while it runs or when the wrapper was SIGKILLed. */
export function readExitStatus(sandbox: string): number | undefined {
  return readInteger(join(sandbox, WRAPPER_FILES.exitStatus));
}

export function readWrapperPid(sandbox: string): number | undefined {
  return readInteger(join(sandbox, WRAPPER_FILES.wrapperPid));
}
