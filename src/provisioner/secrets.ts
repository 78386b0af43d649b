import { randomBytes } from 'node:crypto';
import { chmod, readFile, rename, writeFile } from 'node:fs/promises';

/**
 * The two credentials of a cluster, 32 random bytes in hex each, in 0600 files:
 *   token       the operator/user credential the CLI sends to the master
 *   node-token  shared by the master and its agents for the node protocol
 * They are generated once and kept for the life of the cluster (a restart reuses them).
 */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

export async function writeSecretFile(path: string, value: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${value}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/** Keeps an existing non-empty secret file; otherwise writes a new secret. */
export async function ensureSecretFile(path: string): Promise<void> {
  try {
    if ((await readFile(path, 'utf8')).trim() !== '') {
      await chmod(path, 0o600);
      return;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await writeSecretFile(path, newSecret());
}

export async function readSecretFile(path: string): Promise<string> {
  return (await readFile(path, 'utf8')).trim();
}
