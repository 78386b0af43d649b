import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed dcos-toolkit package: the directory holding its package.json. Works
 * from dist/ (installed) and from src/ (tests run through tsx), since both sit below it.
 */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'dcos-toolkit') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the dcos-toolkit package above ${from}`);
    dir = up;
  }
}

/** The daemons' entry points shipped in the package's bin/, and the supervisor that keeps them running. */
export function daemonEntryPoints(root: string = packageRoot()): { master: string; agent: string; supervisor: string } {
  return { master: join(root, 'bin', 'dcos-master.js'), agent: join(root, 'bin', 'dcos-agent.js'), supervisor: join(root, 'bin', 'dcos-supervise.js') };
}
