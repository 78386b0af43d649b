import { randomBytes } from 'node:crypto';
import type { SFTPWrapper } from 'ssh2';
import { Limiter } from './limiter.js';

/** Bytes per SFTP write request (OpenSSH's sftp-server accepts up to 256 KiB; 32 KiB is what every client uses). */
const CHUNK = 32 * 1024;

/**
 * File transfers over one SFTP channel. Both end with a rename into place, so a reader
 * on the host (or a re-run after an interrupted `cluster up`) sees the old file or the
 * complete new one, never a partial one. A failed transfer removes its temporary file;
 * an interrupted one can leave a `<name>.tmp-<hex>` beside the target.
 */

/** `<path>.tmp-<random>`: unique per call, so parallel writers never share a temporary file. */
export function temporaryName(path: string): string {
  return `${path}.tmp-${randomBytes(6).toString('hex')}`;
}

/**
 * Writes `content` to `path` with exactly `mode`. The temporary file is created by
 * open(2) with `mode` (O_CREAT|O_EXCL, so never someone else's file) and fchmod'ed
 * before the first byte is written: a secret is never readable by others, not even
 * while it is being written.
 */
export async function writeFileAtomic(sftp: SFTPWrapper, path: string, content: Buffer, mode: number): Promise<void> {
  const tmp = temporaryName(path);
  const handle = await call<Buffer>((cb) => sftp.open(tmp, 'wx', { mode }, cb));
  try {
    try {
      await call((cb) => sftp.fchmod(handle, mode, cb)); // the remote umask may have removed bits of `mode`
      // Several writes in flight: one at a time would wait a round trip per 32 KiB.
      const window = new Limiter(8);
      const writes: Promise<void>[] = [];
      for (let off = 0; off < content.length; off += CHUNK) {
        const len = Math.min(CHUNK, content.length - off);
        writes.push(window.run(() => call((cb) => sftp.write(handle, content, off, len, off, cb))));
      }
      await Promise.all(writes);
    } finally {
      await call((cb) => sftp.close(handle, cb));
    }
    await renameOver(sftp, tmp, path);
  } catch (err) {
    await removeQuietly(sftp, tmp);
    throw err;
  }
}

/** Uploads a local file to `path` (through a temporary name), then sets `mode` exactly when given. */
export async function uploadAtomic(
  sftp: SFTPWrapper, localPath: string, path: string,
  opts: { mode?: number; onProgress?: (sent: number, total: number) => void },
): Promise<void> {
  const tmp = temporaryName(path);
  try {
    await call((cb) => sftp.fastPut(localPath, tmp, {
      ...(opts.mode === undefined ? {} : { mode: opts.mode }),
      ...(opts.onProgress ? { step: (sent: number, _chunk: number, total: number) => opts.onProgress!(sent, total) } : {}),
    }, cb));
    if (opts.mode !== undefined) await call((cb) => sftp.chmod(tmp, opts.mode!, cb));
    await renameOver(sftp, tmp, path);
  } catch (err) {
    await removeQuietly(sftp, tmp);
    throw err;
  }
}

/**
 * rename(2) semantics (replace the target atomically) through OpenSSH's
 * posix-rename@openssh.com extension. Plain SFTP rename refuses an existing target, so
 * without the extension the target is removed first: not atomic, but only on servers
 * that lack the extension (OpenSSH has had it since 4.9).
 */
export async function renameOver(sftp: SFTPWrapper, from: string, to: string): Promise<void> {
  const renamed = await new Promise<boolean>((resolve, reject) => {
    try {
      sftp.ext_openssh_rename(from, to, (err) => (err ? reject(err) : resolve(true)));
    } catch {
      resolve(false); // ssh2 throws synchronously when the server did not announce the extension
    }
  });
  if (renamed) return;
  try {
    await call((cb) => sftp.unlink(to, cb));
  } catch (err) {
    if (!isNoSuchFile(err)) throw err;
  }
  await call((cb) => sftp.rename(from, to, cb));
}

async function removeQuietly(sftp: SFTPWrapper, path: string): Promise<void> {
  try {
    await call((cb) => sftp.unlink(path, cb));
  } catch {
    // never created, or the channel is gone
  }
}

/** SFTP status 2 (SSH_FX_NO_SUCH_FILE). */
function isNoSuchFile(err: unknown): boolean {
  return (err as { code?: unknown })?.code === 2;
}

function call<T = void>(start: (cb: (err: Error | undefined | null, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    start((err, value) => (err ? reject(err) : resolve(value as T)));
  });
}
