import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { open, readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { sep } from 'node:path';

/**
 * Detached background processes with a pidfile and a log file: how a local cluster's
 * daemons run when there is no systemd to supervise them. Each daemon leads its own
 * process group (detached), so it survives the CLI and a group signal reaches any child
 * it did not move to a group of its own.
 */
export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  /** Working directory: the node's own state directory. */
  cwd: string;
  /** stdout and stderr, appended (one file keeps their interleaving). */
  logFile: string;
  pidFile: string;
  env?: NodeJS.ProcessEnv;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface DaemonHandle {
  name: string;
  pid: number;
  /** Set once the process has exited (only observable while this process runs). */
  exit?: ExitInfo;
}

export async function spawnDaemon(spec: DaemonSpec): Promise<DaemonHandle> {
  const fd = openSync(spec.logFile, 'a', 0o600);
  try {
    writeSync(fd, `--- ${new Date().toISOString()} starting ${spec.name}: ${[spec.command, ...spec.args].join(' ')}\n`);
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: spec.env ?? process.env,
    });
    const handle = await new Promise<DaemonHandle>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve({ name: spec.name, pid: child.pid as number }));
    });
    child.once('exit', (code, signal) => {
      handle.exit = { code, signal };
    });
    child.unref();
    await writeFile(spec.pidFile, `${handle.pid}\n`);
    return handle;
  } finally {
    closeSync(fd);
  }
}

export async function readPidFile(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True while `pid` is a live process (not a zombie) and, when `marker` is given and
 * /proc is there, its command line contains `marker`, which guards against a recycled
 * pid that now belongs to someone else.
 */
export async function isRunning(pid: number | undefined, marker?: string): Promise<boolean> {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    if (marker) return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes(marker);
  } catch {
    // no /proc (not Linux) or the process just went: trust kill(0)
  }
  return true;
}

function signal(pid: number, sig: NodeJS.Signals, group: boolean): void {
  try {
    process.kill(group ? -pid : pid, sig);
  } catch {
    if (group) signal(pid, sig, false); // not a group leader (any more)
  }
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until none of the pids is running; answers those still running at the deadline. */
export async function waitForExit(procs: Array<{ pid: number; marker?: string }>, timeoutMs: number, pollMs = 100): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive: number[] = [];
    for (const p of procs) if (await isRunning(p.pid, p.marker)) alive.push(p.pid);
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await pause(pollMs);
  }
}

/**
 * SIGTERM (to the process group), then SIGKILL after `graceMs` if still running.
 * Answers true when it had to SIGKILL.
 */
export async function terminate(procs: Array<{ pid: number; marker?: string }>, graceMs: number): Promise<boolean> {
  const running: Array<{ pid: number; marker?: string }> = [];
  for (const p of procs) if (await isRunning(p.pid, p.marker)) running.push(p);
  for (const p of running) signal(p.pid, 'SIGTERM', true);
  const left = await waitForExit(running, graceMs);
  for (const pid of left) signal(pid, 'SIGKILL', true);
  if (left.length > 0) await waitForExit(running, 5_000);
  return left.length > 0;
}

/**
 * Processes whose working directory or command line lies under `dir` (Linux /proc):
 * the daemons of a cluster and any task process that outlived its agent. Empty where
 * /proc is not available.
 */
export async function processesUnder(dir: string): Promise<number[]> {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    if (pid === process.pid) continue;
    try {
      const cwd = await readlink(`/proc/${pid}/cwd`);
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
      if (cwd === dir || cwd.startsWith(prefix) || cmdline.some((a) => a === dir || a.startsWith(prefix))) {
        if (await isRunning(pid)) found.push(pid);
      }
    } catch {
      // gone, or not ours to inspect
    }
  }
  return found;
}

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
