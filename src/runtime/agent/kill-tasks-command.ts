import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { killRecordedTasks } from './kill-tasks.js';

export const KILL_TASKS_USAGE = 'usage: dcos-agent kill-tasks --work-dir DIR [--grace-ms 3000]';

/**
 * `dcos-agent kill-tasks --work-dir DIR [--grace-ms N]` (see kill-tasks.ts). Prints one
 * JSON line, KillTasksResult. Exit codes: 0 every recorded task that ran has ended;
 * 1 some still run after SIGKILL (or the store could not be read); 2 bad usage.
 */
export async function runKillTasks(argv: string[]): Promise<number> {
  let workDir: string;
  let graceMs: number | undefined;
  try {
    const { values } = parseArgs({ args: argv, strict: true, allowPositionals: false, options: { 'work-dir': { type: 'string' }, 'grace-ms': { type: 'string' } } });
    if (!values['work-dir']) throw new Error('--work-dir is required');
    workDir = resolve(values['work-dir']);
    if (values['grace-ms'] !== undefined) {
      graceMs = Number(values['grace-ms']);
      if (!/^\d+$/.test(values['grace-ms']) || !Number.isSafeInteger(graceMs)) throw new Error(`--grace-ms must be a whole number of ms, got "${values['grace-ms']}"`);
    }
  } catch (err) {
    process.stderr.write(`dcos-agent kill-tasks: ${(err as Error).message}\n${KILL_TASKS_USAGE}\n`);
    return 2;
  }
  try {
    const result = await killRecordedTasks({ workDir, defaultGraceMs: graceMs });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (result.left.length === 0) return 0;
    process.stderr.write(`dcos-agent kill-tasks: still running after SIGKILL: ${result.left.join(', ')}\n`);
    return 1;
  } catch (err) {
    process.stderr.write(`dcos-agent kill-tasks: cannot end the tasks recorded in ${workDir}: ${(err as Error).message}\n`);
    return 1;
  }
}
