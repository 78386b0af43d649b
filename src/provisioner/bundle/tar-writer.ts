import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { Header, Pax } from 'tar';
import type { BundleEntry } from './inputs.js';

/**
 * Writes `entries`, in the order given, as a POSIX tar to `file` and answers its SHA-256
 * and size. Headers are node-tar's (ustar, with a pax record only for a path longer than
 * ustar holds); the entries and their metadata are ours, so the archive depends on the
 * inputs' paths, modes and bytes only: every entry has MTIME, uid/gid 0, empty owner
 * names, and no atime/ctime/dev/ino.
 */
export const MTIME = new Date('2000-01-01T00:00:00Z');

const BLOCK = 512;
const CHUNK = 1 << 20;

/** The header of an entry: a pax record first when its path does not fit ustar's 100 + 155 bytes. */
function headerOf(entry: BundleEntry): Buffer[] {
  const isDir = entry.type === 'dir';
  const path = isDir ? `${entry.path}/` : entry.path;
  const header = new Header({
    path,
    mode: isDir ? 0o755 : entry.mode,
    uid: 0,
    gid: 0,
    size: isDir ? 0 : entry.size,
    mtime: MTIME,
    type: isDir ? 'Directory' : 'File',
    uname: '',
    gname: '',
  });
  const needsPax = header.encode();
  return needsPax ? [new Pax({ path, mtime: MTIME }).encode(), header.block!] : [header.block!];
}

const padded = (n: number): number => Math.ceil(n / BLOCK) * BLOCK;

/** The exact size of the tarball writeTar makes of `entries` (for progress). */
export function tarSize(entries: BundleEntry[]): number {
  let size = 2 * BLOCK;
  for (const e of entries) {
    for (const block of headerOf(e)) size += block.length;
    if (e.type === 'file') size += padded(e.size);
  }
  return size;
}

export async function writeTar(
  entries: BundleEntry[],
  file: string,
  onBytes?: (written: number) => void,
): Promise<{ sha256: string; size: number }> {
  const out = createWriteStream(file, { mode: 0o644 });
  const hash = createHash('sha256');
  let size = 0;
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  out.on('drain', () => wake?.());
  out.on('error', (err) => {
    failed = err;
    wake?.();
  });

  const write = async (buf: Buffer): Promise<void> => {
    if (failed) throw failed;
    hash.update(buf);
    size += buf.length;
    if (!out.write(buf)) await new Promise<void>((resolve) => { wake = resolve; });
    wake = undefined;
    if (failed) throw failed;
  };
  const pad = async (n: number): Promise<void> => {
    const rest = n % BLOCK;
    if (rest !== 0) await write(Buffer.alloc(BLOCK - rest));
  };

  try {
    for (const entry of entries) {
      for (const block of headerOf(entry)) await write(block);
      if (entry.type === 'dir') continue;
      if ('content' in entry) {
        await write(entry.content);
      } else {
        const fh = await open(entry.source, 'r');
        try {
          let left = entry.size;
          while (left > 0) {
            const buf = Buffer.allocUnsafe(Math.min(CHUNK, left));
            const { bytesRead } = await fh.read(buf, 0, buf.length, null);
            if (bytesRead === 0) break;
            await write(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
            left -= bytesRead;
          }
          if (left !== 0 || (await fh.read(Buffer.alloc(1), 0, 1, null)).bytesRead !== 0) {
            throw new Error(`${entry.source} changed size while it was being bundled`);
          }
        } finally {
          await fh.close();
        }
      }
      await pad(entry.size);
      onBytes?.(size);
    }
    await write(Buffer.alloc(2 * BLOCK)); // end of archive
    out.end();
    await once(out, 'close');
  } catch (err) {
    out.destroy();
    throw err;
  }
  if (failed) throw failed;
  return { sha256: hash.digest('hex'), size };
}
