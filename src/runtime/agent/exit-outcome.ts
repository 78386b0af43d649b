import { constants } from 'node:os';
import type { TaskState } from '../../core/task-state.js';
import type { TaskExit } from './task-driver.js';

/** How a task's end is reported: its terminal state and the words and numbers that explain it. */
export interface ExitOutcome {
  state: TaskState;
  message: string;
  reason?: string;
  exitCode?: number;
}

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name]));

function describeStatus(status: number): string {
  const signal = status > 128 ? SIGNAL_NAMES.get(status - 128) : undefined;
  return signal ? `Command terminated with signal ${signal} (status ${status})` : `Command exited with status ${status}`;
}

/**
 * The terminal state of a task whose processes are gone. `killedByAgent`: the agent had
 * started killing it, so whatever the status, the task was KILLED (as Mesos reports it).
 * Without a recorded status and without a kill, something outside the agent SIGKILLed
 * the wrapper: the task is LOST, which schedulers treat as "run it again".
 */
export function exitOutcome(exit: TaskExit, killedByAgent: boolean): ExitOutcome {
  const status = exit.exitStatus;
  if (killedByAgent) {
    return {
      state: 'TASK_KILLED',
      message: status === undefined ? 'Task killed: SIGKILL after its kill grace period' : `Task killed: ${describeStatus(status)}`,
      ...(status === undefined ? {} : { exitCode: status }),
    };
  }
  if (status === 0) return { state: 'TASK_FINISHED', message: describeStatus(0), exitCode: 0 };
  if (status !== undefined) {
    return { state: 'TASK_FAILED', message: describeStatus(status), reason: 'REASON_COMMAND_EXECUTOR_FAILED', exitCode: status };
  }
  const how = exit.leaderSignal ? ` (its wrapper was ended by ${exit.leaderSignal})` : '';
  return {
    state: 'TASK_LOST',
    message: `Task processes ended without recording an exit status${how}`,
    reason: 'REASON_EXECUTOR_TERMINATED',
  };
}
