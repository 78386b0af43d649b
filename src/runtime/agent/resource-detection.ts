import { statfsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';

/**
 * What this node can offer when flags do not say. The reserves follow Mesos
 * (slave/containerizer/containerizer.cpp): the OS, the agent and page cache keep
 * 1 GiB of memory (half of it below 2 GiB) and 5 GiB of disk (half of it below 10 GiB).
 */
const MiB = 1024 * 1024;
const GiB_IN_MiB = 1024;

export function detectCpus(): number {
  return availableParallelism();
}

export function detectMemMiB(totalBytes = totalmem()): number {
  const total = Math.floor(totalBytes / MiB);
  const reserve = total >= 2 * GiB_IN_MiB ? GiB_IN_MiB : Math.floor(total / 2);
  return Math.max(0, total - reserve);
}

/** Free space of the filesystem holding `dir` (the work dir: sandboxes live there). */
export function detectDiskMiB(dir: string): number {
  const s = statfsSync(dir);
  const free = Math.floor((Number(s.bavail) * Number(s.bsize)) / MiB);
  const reserve = free >= 10 * GiB_IN_MiB ? 5 * GiB_IN_MiB : Math.floor(free / 2);
  return Math.max(0, free - reserve);
}
