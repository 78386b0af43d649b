import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { StateStore } from '../state/state-store.js';
import { readProcStat } from './proc.js';
import { readWrapperPid } from './sandbox.js';
import type { TaskProcess } from './task-driver.js';
import { loadTaskRecords, type TaskRecord } from './task-record.js';
import type { TaskRunner } from './task-runner.js';
import { WRAPPER_NAME } from './wrapper.js';

/**
 * Agent restart: every task an earlier agent process recorded is handed back to the
 * runner, which keeps watching those still running and reports the end of those that
 * ended meanwhile. Runs before registration, so the master hears about every task.
 */
export async function recoverTasks(store: StateStore, runner: TaskRunner, logger: Logger): Promise<number> {
  const records = await loadTaskRecords(store);
  for (const record of records) runner.adopt(record, processOf(record));
  if (records.length > 0) logger.info({ tasks: records.length }, 'recovered tasks from the previous agent run');
  return records.length;
}

const GONE = 'gone';

function processOf(record: TaskRecord): TaskProcess | undefined {
  if (record.pid !== undefined) return { pid: record.pid, startTime: record.startTime };
  // Spawned, but the agent died before storing the pid: the wrapper wrote it to the sandbox.
  const pid = readWrapperPid(record.sandbox);
  if (pid === undefined) return undefined;
  // Without a stored start time only the command line proves this pid is still our wrapper;
  // 'gone' matches no process, so a pid now used by another process is never signalled.
  if (!isWrapperOf(pid, record.sandbox)) return { pid, startTime: GONE };
  return { pid, startTime: readProcStat(pid)?.startTime ?? GONE };
}

function isWrapperOf(pid: number, sandbox: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`\0${WRAPPER_NAME}\0${sandbox}\0`);
  } catch {
    return false;
  }
}
