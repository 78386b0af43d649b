import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive, readProcStat } from './proc.js';

/**
 * One agent per work dir: two agents sharing a store and sandboxes would each think
 * the other's tasks are theirs. A stale lock (its agent died) is taken over; that is
 * what lets a crashed agent be restarted on the same work dir.
 */
export class WorkDirLock {
  private readonly file: string;

  constructor(workDir: string) {
    this.file = join(workDir, 'agent.pid');
  }

  /** The file holds "pid starttime": after a reboot the pid alone may name another process. */
  acquire(): void {
    const [pid, startTime] = this.read();
    if (pid && pid !== process.pid && isProcessAlive(pid, startTime)) {
      throw new Error(`another agent (pid ${pid}) uses this work dir (${this.file}); stop it first`);
    }
    writeFileSync(this.file, `${process.pid} ${readProcStat(process.pid)?.startTime ?? ''}\n`);
  }

  release(): void {
    try {
      if (this.read()[0] === process.pid) rmSync(this.file);
    } catch {
      // Already gone.
    }
  }

  private read(): [number | undefined, string | undefined] {
    try {
      const [pid, startTime] = readFileSync(this.file, 'utf8').trim().split(/\s+/);
      return [Number(pid) || undefined, startTime || undefined];
    } catch {
      return [undefined, undefined];
    }
  }
}
