import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { resolve, sep } from 'node:path';

/**
 * Test hygiene: kills every process whose cwd or command line names a path under `dir`
 * (and the process groups they lead), so that no test leaves a task, wrapper or agent
 * behind, pass or fail. The current process and its own group are never touched.
 * Resolves with the number of processes signalled, once they are gone (or after ~3 s).
 */
export async function killProcessesUnder(dir: string): Promise<number> {
  const root = resolve(dir);
  const self = process.pid;
  const ownGroup = pgidOf(self);
  const victims = new Set<number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === self || pid <= 1) continue;
    if (mentions(pid, root)) victims.add(pid);
  }
  for (const pid of victims) {
    const pgid = pgidOf(pid);
    if (pgid !== undefined && pgid > 1 && pgid === pid && pgid !== ownGroup) signal(-pgid);
    signal(pid);
  }
  const deadline = Date.now() + 3_000;
  while ([...victims].some(isLive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return victims.size;
}

/** Pids (besides this process) whose cwd or command line names a path under `dir`: what killProcessesUnder would kill. */
export function processesUnder(dir: string): number[] {
  const root = resolve(dir);
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number)
    .filter((pid) => pid !== process.pid && isLive(pid) && mentions(pid, root));
}

function mentions(pid: number, root: string): boolean {
  try {
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    if (cwd === root || cwd.startsWith(root + sep)) return true;
  } catch {
    // Gone, or a kernel thread.
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      .some((arg) => arg === root || arg.endsWith(`=${root}`) || arg.includes(root + sep));
  } catch {
    return false;
  }
}

function statOf(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function pgidOf(pid: number): number | undefined {
  const fields = statOf(pid);
  return fields ? Number(fields[2]) : undefined;
}

function isLive(pid: number): boolean {
  const fields = statOf(pid);
  return fields !== undefined && fields[0] !== 'Z' && fields[0] !== 'X';
}

function signal(target: number): void {
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
