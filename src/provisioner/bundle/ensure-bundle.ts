import { execFile } from 'node:child_process';
import { mkdir, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { BUNDLE_INFO_FILE, bundleFileName, type Bundle, type BundleInfo, type BundleProgress } from './bundle.js';
import { cacheKey, lookup, prune, removeAbandonedTemps, tempName, touch, writeRecord } from './cache.js';
import { collectInputs } from './inputs.js';
import { tarSize, writeTar } from './tar-writer.js';

export interface EnsureBundleOptions {
  /** The dcos-toolkit package: package.json, bin/, dist/ (built), templates/, node_modules/. */
  packageRoot: string;
  /** Where bundles are kept ($DCOS_DIR/bundles); created if missing. */
  cacheDir: string;
  /** The Node binary to ship. Default: the one running now (native modules are built for it). */
  nodeBinary?: string;
  /** Called as the work goes on; `scan` and `pack` repeatedly, then `done` or `cached` once. */
  onProgress?: (p: BundleProgress) => void;
}

/** Progress is reported every this many bytes packed or files scanned, not per file. */
const PACK_STEP = 8 << 20;
const SCAN_STEP = 250;

/**
 * The bundle of this package's runtime: found in the cache when nothing it is made of
 * changed (a scan of the inputs' metadata, no file read), built otherwise. Safe to run
 * concurrently (each writer has its own temporary file; renames are atomic).
 */
export async function ensureBundle(opts: EnsureBundleOptions): Promise<Bundle> {
  const nodeBinary = opts.nodeBinary ?? process.execPath;
  const progress = opts.onProgress ?? (() => undefined);
  await mkdir(opts.cacheDir, { recursive: true });

  const info = await bundleInfoFor(opts.packageRoot, nodeBinary);
  const inputs = await collectInputs({
    packageRoot: opts.packageRoot,
    nodeBinary,
    bundleInfo: Buffer.from(`${JSON.stringify(info, null, 2)}\n`),
    onFile: (files) => { if (files % SCAN_STEP === 0) progress({ phase: 'scan', files, bytes: 0, totalBytes: 0 }); },
  });
  const files = inputs.entries.filter((e) => e.type === 'file').length;
  const key = cacheKey(inputs.entries);

  const hit = await lookup(opts.cacheDir, key);
  if (hit) {
    await touch(join(opts.cacheDir, `${key}.json`));
    progress({ phase: 'cached', files, bytes: hit.size, totalBytes: hit.size });
    return { ...hit.info, path: join(opts.cacheDir, hit.file), sha256: hit.sha256, size: hit.size, cached: true };
  }

  await removeAbandonedTemps(opts.cacheDir);
  const tmp = tempName(opts.cacheDir, 'bundle.tar');
  const totalBytes = tarSize(inputs.entries);
  let reported = 0;
  let built: { sha256: string; size: number };
  try {
    progress({ phase: 'pack', files, bytes: 0, totalBytes });
    built = await writeTar(inputs.entries, tmp, (bytes) => {
      if (bytes - reported >= PACK_STEP) {
        reported = bytes;
        progress({ phase: 'pack', files, bytes, totalBytes });
      }
    });
    await rename(tmp, join(opts.cacheDir, bundleFileName(built.sha256)));
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw new DcosError(ErrorCodes.INTERNAL, `cannot build the bundle in ${opts.cacheDir}: ${(err as Error).message}`, { cause: err });
  }
  const record = { sha256: built.sha256, file: bundleFileName(built.sha256), size: built.size, info };
  await writeRecord(opts.cacheDir, key, record);
  await prune(opts.cacheDir).catch(() => undefined);
  progress({ phase: 'done', files, bytes: built.size, totalBytes: built.size });
  return { ...info, path: join(opts.cacheDir, record.file), sha256: built.sha256, size: built.size, cached: false };
}

/** BUNDLE.json of an extracted bundle (a directory) or undefined when it has none. */
export async function readBundleInfo(dir: string): Promise<BundleInfo | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, BUNDLE_INFO_FILE), 'utf8')) as BundleInfo;
  } catch {
    return undefined;
  }
}

async function bundleInfoFor(packageRoot: string, nodeBinary: string): Promise<BundleInfo> {
  let version: string;
  try {
    version = (JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch (err) {
    throw new DcosError(ErrorCodes.INTERNAL, `cannot bundle ${packageRoot}: no readable package.json`, { cause: err });
  }
  for (const dir of ['dist', 'bin']) {
    if (!(await stat(join(packageRoot, dir)).then((s) => s.isDirectory(), () => false))) {
      throw new DcosError(ErrorCodes.INTERNAL, `cannot bundle ${packageRoot}: ${dir}/ is missing (build the package first)`);
    }
  }
  const running = await realpath(process.execPath);
  const wanted = await realpath(nodeBinary).catch((err: Error) => {
    throw new DcosError(ErrorCodes.INTERNAL, `cannot bundle the Node binary ${nodeBinary}: ${err.message}`, { cause: err });
  });
  if (wanted === running) return { version, nodeVersion: process.version, platform: process.platform, arch: process.arch };
  const { stdout } = await promisify(execFile)(nodeBinary, ['-p', 'JSON.stringify([process.version, process.platform, process.arch])']);
  const [nodeVersion, platform, arch] = JSON.parse(stdout) as [string, string, string];
  return { version, nodeVersion, platform, arch };
}
