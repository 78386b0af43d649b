import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { TaskHealthCheck } from '../../../core/framework.js';
import { mayOwnGroup, readProcStat, signalGroup } from '../proc.js';
import { asUser } from '../task-user.js';
import { abortCause, type ProbeResult, type ProbeTarget } from './probe.js';

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));

/**
 * COMMAND checks (Mesos): `/bin/sh -c <command>` in the task's sandbox, with the task's
 * environment, as the task's user; exit status 0 is healthy. The check leads its own
 * process group, which is killed (SIGKILL) when the check is aborted, and cleared of
 * leftovers (a command that put something in the background) once its leader exits.
 * A check that cannot be spawned at all is not-run: the agent's problem, not the task's.
 * Output is discarded: a check is judged by its status.
 */
export function commandProbe(check: TaskHealthCheck, target: ProbeTarget, signal: AbortSignal): Promise<ProbeResult> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve({ kind: 'unhealthy', cause: abortCause(signal) });
    let child: ReturnType<typeof spawn>;
    try {
      const argv = asUser(target.user, ['/bin/sh', '-c', check.command ?? '']);
      child = spawn(argv[0], argv.slice(1), { cwd: target.sandbox, env: target.env, detached: true, stdio: 'ignore' });
    } catch (err) {
      return resolve({ kind: 'not-run', cause: `cannot run the check command: ${(err as Error).message}` });
    }
    let group: { pid: number; startTime?: string } | undefined;
    let aborted = false;
    const killGroup = (): void => {
      // Until 'exit' is emitted the leader is not reaped, so its pid (the group id) is still ours;
      // afterwards mayOwnGroup proves no other process took it.
      if (!group || !mayOwnGroup(group.pid, group.startTime)) return;
      try {
        signalGroup(group.pid, 'SIGKILL');
      } catch {
        // EPERM: nothing of ours is left to kill
      }
    };
    const onAbort = (): void => {
      aborted = true;
      killGroup();
    };
    child.once('spawn', () => {
      group = { pid: child.pid!, startTime: readProcStat(child.pid!)?.startTime };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    child.once('error', (err) => {
      // Only a failure to spawn: a running child reports its end through 'exit'.
      if (!group) resolve({ kind: 'not-run', cause: `cannot run the check command: ${err.message}` });
    });
    child.once('exit', (code, sig) => {
      signal.removeEventListener('abort', onAbort);
      killGroup();
      if (aborted) return resolve({ kind: 'unhealthy', cause: abortCause(signal) });
      // A command killed by a signal exits 128+N, as a shell reports it.
      const found = { command: { exitCode: sig ? 128 + (constants.signals[sig] ?? 0) : code ?? -1 } };
      if (code === 0) return resolve({ kind: 'healthy', found });
      resolve({ kind: 'unhealthy', cause: sig ? `Command terminated with signal ${sig}` : describeStatus(code ?? -1), found });
    });
  });
}

function describeStatus(status: number): string {
  const name = status > 128 ? SIGNAL_NAMES.get(status - 128) : undefined;
  return name ? `Command terminated with signal ${name} (status ${status})` : `Command exited with status ${status}`;
}
