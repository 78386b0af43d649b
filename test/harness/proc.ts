import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** What a test sees of the machine's processes, read from /proc. */
export interface ProcInfo {
  pid: number;
  argv: string[];
  cwd?: string;
}

export function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
      let cwd: string | undefined;
      try { cwd = readlinkSync(`/proc/${name}/cwd`); } catch { /* kernel thread or gone */ }
      out.push({ pid: Number(name), argv, cwd });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** Processes whose argv is exactly `argv` (e.g. ['sleep', '1001']): a task's own program, not its wrapper. */
export function processesRunning(argv: string[]): number[] {
  return listProcesses().filter((p) => p.argv.length === argv.length && p.argv.every((a, i) => a === argv[i])).map((p) => p.pid);
}

/** Live processes whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  return listProcesses().map((p) => p.pid).filter((child) => {
    try {
      const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false;
    }
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Alive and not a zombie (an orphan waits for init to reap it, which may take its time). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes; the last error explains a timeout. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
