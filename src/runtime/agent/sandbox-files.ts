import { constants as fsc, type Stats } from 'node:fs';
import { lstat, open, readdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import type { FileBrowseEntry, FileReadResult } from '../../api/master-types.js';
import { userAndGroupNames } from './unix-names.js';

/** Most bytes one read returns (Mesos' files/read default page). */
export const MAX_READ_BYTES = 1024 * 1024;

/**
 * Read-only access to task sandboxes with Mesos /files semantics. Every path must
 * resolve, symlinks followed, inside the sandboxes root: a task may create a symlink to
 * /etc in its sandbox, and reading through it must still be refused.
 */
export class SandboxFiles {
  private rootReal?: string;

  constructor(private readonly root: string) {}

  /**
   * `data` from `offset` (at most `length` bytes); offset -1 answers the size in `offset`.
   * Regular files only: opening a FIFO a task made would block an I/O thread until some
   * process writes to it, and with a few of those every file read of the agent hangs. So
   * the file is opened non-blocking and refused unless it is a regular file.
   */
  async read(path: unknown, offset: unknown, length?: unknown): Promise<FileReadResult> {
    const off = integerParam('offset', offset, -1);
    const len = length === undefined || length === '' ? -1 : integerParam('length', length, -1);
    const file = await this.resolveInside(path);
    const before = await lstat(file);
    if (before.isDirectory()) throw bad(`${String(path)} is a directory; use /files/browse`);
    if (!before.isFile()) throw notRegular(path, before);
    const handle = await open(file, fsc.O_RDONLY | fsc.O_NONBLOCK | fsc.O_NOFOLLOW);
    try {
      const stat = await handle.stat();
      // Replaced between lstat and open: judge what was opened.
      if (!stat.isFile()) throw notRegular(path, stat);
      if (off === -1) return { data: '', offset: stat.size };
      if (off >= stat.size) return { data: '', offset: off };
      const want = Math.min(len === -1 ? MAX_READ_BYTES : len, MAX_READ_BYTES, stat.size - off);
      const buf = Buffer.alloc(want);
      const { bytesRead } = await handle.read(buf, 0, want, off);
      return { data: completeUtf8(buf.subarray(0, bytesRead)).toString('utf8'), offset: off };
    } finally {
      await handle.close();
    }
  }

  async browse(path: unknown): Promise<FileBrowseEntry[]> {
    const dir = await this.resolveInside(path);
    const stat = await lstat(dir);
    if (!stat.isDirectory()) throw bad(`${String(path)} is not a directory; use /files/read`);
    const names = (await readdir(dir)).sort();
    const entries: FileBrowseEntry[] = [];
    for (const name of names) {
      const full = join(dir, name);
      try {
        entries.push(browseEntry(full, await lstat(full)));
      } catch {
        // Vanished while listing: the sandbox is live, that is normal.
      }
    }
    return entries;
  }

  /** The real path of `path`, refused unless it is inside the sandboxes root. */
  private async resolveInside(path: unknown): Promise<string> {
    if (typeof path !== 'string' || path === '') throw bad('query parameter "path" is required');
    if (!isAbsolute(path)) throw bad(`path must be absolute: "${path}"`);
    this.rootReal ??= await realpath(this.root);
    const lexical = resolve(path);
    if (!within(this.root, lexical) && !within(this.rootReal, lexical)) throw outside(path);
    let real: string;
    try {
      real = await realpath(lexical);
    } catch {
      throw new DcosError(ErrorCodes.NOT_FOUND, `No such file or directory: ${path}`);
    }
    if (!within(this.rootReal, real)) throw outside(path);
    return real;
  }
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function outside(path: string): DcosError {
  return new DcosError(ErrorCodes.UNAUTHORIZED, `Access denied: ${path} is outside the task sandboxes`, { status: 403 });
}

function notRegular(path: unknown, stat: Stats): DcosError {
  return bad(`${String(path)} is not a regular file (${modeString(stat)[0] === 'p' ? 'a FIFO' : `type "${modeString(stat)[0]}"`}); only regular files can be read`);
}

function bad(message: string): DcosError {
  return new DcosError(ErrorCodes.BAD_REQUEST, message);
}

function integerParam(name: string, value: unknown, min: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw bad(`query parameter "${name}" must be an integer >= ${min}, got "${String(value)}"`);
  return n;
}

/**
 * Drops an incomplete UTF-8 sequence at the end of a page, so that the next read
 * (at offset + byte length of data) starts on a character boundary.
 */
export function completeUtf8(buf: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const byte = buf[buf.length - back];
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? buf.subarray(0, buf.length - back) : buf;
  }
  return buf;
}

function browseEntry(path: string, stat: Stats): FileBrowseEntry {
  const { user, group } = userAndGroupNames(stat.uid, stat.gid);
  return {
    path,
    size: stat.size,
    mode: modeString(stat),
    mtime: Math.floor(stat.mtimeMs / 1000),
    nlink: stat.nlink,
    uid: user,
    gid: group,
  };
}

/** `ls -l` style mode, as Mesos reports it: "drwxr-xr-x". */
export function modeString(stat: Stats): string {
  const type = stat.isDirectory() ? 'd' : stat.isSymbolicLink() ? 'l' : stat.isFIFO() ? 'p' : stat.isSocket() ? 's'
    : stat.isCharacterDevice() ? 'c' : stat.isBlockDevice() ? 'b' : '-';
  const bits = 'rwxrwxrwx';
  let perms = '';
  for (let i = 0; i < 9; i++) perms += stat.mode & (1 << (8 - i)) ? bits[i] : '-';
  return type + perms;
}
