import { open } from 'node:fs/promises';

/** The last `lines` lines of a log file (from its last 64 KiB), [] when it does not exist. */
export async function tailFile(path: string, lines = 20): Promise<string[]> {
  let fh;
  try {
    fh = await open(path, 'r');
    const { size } = await fh.stat();
    const length = Math.min(size, 64 * 1024);
    const buf = Buffer.alloc(length);
    await fh.read(buf, 0, length, size - length);
    const all = buf.toString('utf8').split('\n');
    if (all[all.length - 1] === '') all.pop();
    return all.slice(-lines);
  } catch {
    return [];
  } finally {
    await fh?.close();
  }
}
