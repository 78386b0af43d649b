import { createHash } from 'node:crypto';
import { readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleInfo } from './bundle.js';
import type { BundleEntry } from './inputs.js';

/**
 * The bundle cache: `<key>.json` (a CacheRecord) names the tarball built from inputs
 * whose key is <key>; `<sha256>.tar` is the tarball. Both are written under a temporary
 * name and renamed into place, tarball first, so a record never names a missing or
 * partial tarball and an interrupted build leaves only a temporary file (removed by the
 * next build once its writer is gone).
 */
export interface CacheRecord {
  sha256: string;
  file: string;
  size: number;
  info: BundleInfo;
}

/** Bumped whenever the archive's layout or metadata change for the same inputs. */
export const BUNDLE_FORMAT = 1;

/** Bundles kept in the cache; older ones (by last use) are removed after a build. */
export const KEEP_BUNDLES = 3;

/**
 * The key of a set of inputs, without reading their bytes: every entry's path and mode,
 * each file's size and identity (see FileIdentity), and the hash of generated content.
 */
export function cacheKey(entries: BundleEntry[]): string {
  const h = createHash('sha256');
  h.update(`dcos-bundle/${BUNDLE_FORMAT}\n`);
  for (const e of entries) {
    if (e.type === 'dir') h.update(`d ${e.path}\n`);
    else if ('content' in e) h.update(`c ${e.path} ${e.mode.toString(8)} ${e.size} ${createHash('sha256').update(e.content).digest('hex')}\n`);
    else h.update(`f ${e.path} ${e.mode.toString(8)} ${e.size} ${e.stat.dev} ${e.stat.ino} ${e.stat.mtimeNs} ${e.stat.ctimeNs}\n`);
  }
  return h.digest('hex');
}

/** A temporary name in `dir` that tells which process writes it. */
export function tempName(dir: string, final: string): string {
  return join(dir, `.${final}.${process.pid}.${Math.random().toString(16).slice(2, 10)}.tmp`);
}

/** The record for `key` if its tarball is there with the recorded size. */
export async function lookup(cacheDir: string, key: string): Promise<CacheRecord | undefined> {
  let record: CacheRecord;
  try {
    record = JSON.parse(await readFile(join(cacheDir, `${key}.json`), 'utf8')) as CacheRecord;
  } catch {
    return undefined;
  }
  try {
    const st = await stat(join(cacheDir, record.file));
    return st.isFile() && st.size === record.size ? record : undefined;
  } catch {
    return undefined;
  }
}

export async function writeRecord(cacheDir: string, key: string, record: CacheRecord): Promise<void> {
  const tmp = tempName(cacheDir, `${key}.json`);
  await writeFile(tmp, `${JSON.stringify(record, null, 2)}\n`);
  await touch(tmp);
  await rename(tmp, join(cacheDir, `${key}.json`));
}

/**
 * Marks a record used now. Explicit (not the kernel's write time, which can be a clock
 * tick coarse): prune orders bundles by it.
 */
export async function touch(file: string): Promise<void> {
  const now = new Date();
  await utimes(file, now, now).catch(() => undefined);
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes temporary files whose writer is gone (an interrupted build). */
export async function removeAbandonedTemps(cacheDir: string): Promise<void> {
  for (const name of await readdir(cacheDir)) {
    const m = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
    if (m && !isAlive(Number(m[1]))) await unlink(join(cacheDir, name)).catch(() => undefined);
  }
}

/**
 * Keeps the `keep` most recently used tarballs (a hit touches nothing, so "used" is
 * "built or last looked up", by the record's mtime) and the records naming them.
 * Removing a tarball an upload still reads is harmless: the upload holds it open.
 */
export async function prune(cacheDir: string, keep = KEEP_BUNDLES): Promise<void> {
  const records: Array<{ name: string; file: string; mtimeMs: number }> = [];
  for (const name of await readdir(cacheDir)) {
    if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
    try {
      const rec = JSON.parse(await readFile(join(cacheDir, name), 'utf8')) as CacheRecord;
      records.push({ name, file: rec.file, mtimeMs: (await stat(join(cacheDir, name))).mtimeMs });
    } catch {
      await unlink(join(cacheDir, name)).catch(() => undefined);
    }
  }
  records.sort((a, b) => b.mtimeMs - a.mtimeMs);
  const kept = new Set<string>();
  for (const r of records) {
    if (kept.size < keep || kept.has(r.file)) kept.add(r.file);
    else await unlink(join(cacheDir, r.name)).catch(() => undefined);
  }
  for (const name of await readdir(cacheDir)) {
    if (/^[0-9a-f]{64}\.tar$/.test(name) && !kept.has(name)) await unlink(join(cacheDir, name)).catch(() => undefined);
  }
}
