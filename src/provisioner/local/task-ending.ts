import { execFile } from 'node:child_process';
import type { LocalNode } from './local-cluster.js';

/**
 * Ends the tasks a (stopped) local agent recorded, by running `dcos-agent kill-tasks`
 * on its work dir: the agent's own code reads its own records (pid and start time of
 * each task's process group leader) and signals only those groups. The provisioner
 * never reads the agent's store itself.
 */
export interface EndedTasks {
  ended: Array<{ taskId: string; pid: number }>;
  problems: string[];
}

/** Output of `dcos-agent kill-tasks` (runtime/agent/kill-tasks.ts KillTasksResult). */
interface KillTasksOutput {
  ended: Array<{ taskId: string; pid: number }>;
  left: string[];
}

/** Tasks may take their whole kill grace; this bounds a hung run. */
const TIMEOUT_MS = 120_000;

export function endRecordedTasks(agent: LocalNode, agentEntry: string, graceMs?: number): Promise<EndedTasks> {
  const args = [agentEntry, 'kill-tasks', '--work-dir', agent.stateDir, ...(graceMs !== undefined ? ['--grace-ms', String(graceMs)] : [])];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: TIMEOUT_MS }, (err, stdout, stderr) => {
      let out: KillTasksOutput | undefined;
      try {
        out = JSON.parse(stdout.trim().split('\n').pop() || 'null') as KillTasksOutput;
      } catch {
        out = undefined;
      }
      if (!out) {
        resolve({ ended: [], problems: [`cannot end its tasks: ${(stderr.trim() || (err as Error | null)?.message) ?? 'no answer from kill-tasks'}`] });
        return;
      }
      resolve({ ended: out.ended, problems: out.left.map((t) => `task ${t} still runs after SIGKILL`) });
    });
  });
}
