import type { TaskLaunch } from '../../core/framework.js';
import { isSafeId, SAFE_ID_PATTERN } from './sandbox.js';
import { isUserName, USER_NAME_PATTERN } from './task-user.js';

/**
 * Why this agent cannot run a launched task, or undefined. Judged per task, so one bad
 * task of a batch is refused (TASK_ERROR) while the others run.
 */
export function launchProblem(launch: TaskLaunch): string | undefined {
  if (!isSafeId(launch.taskId)) return `task id "${launch.taskId}" cannot name a sandbox directory (allowed: ${SAFE_ID_PATTERN})`;
  const { command } = launch;
  if (command.shell && !(command.value && command.value.trim() !== '')) return 'command/value must be a non-empty command line when shell is true';
  if (!command.shell && !(command.argv && command.argv.length > 0 && command.argv[0] !== '')) return 'command/argv must name a program when shell is false';
  const badEnv = Object.keys(launch.env ?? {}).find((k) => k === '' || k.includes('=') || k.includes('\0'));
  if (badEnv !== undefined) return `environment variable name ${JSON.stringify(badEnv)} is not allowed (empty, or with "=" or NUL)`;
  const strings = [command.value ?? '', ...(command.argv ?? []), ...Object.values(launch.env ?? {})];
  if (strings.some((s) => s.includes('\0'))) return 'the command or the environment contains a NUL character';
  if (launch.user !== undefined && !isUserName(launch.user)) return `user ${JSON.stringify(launch.user)} is not a user name (allowed: ${USER_NAME_PATTERN})`;
  return undefined;
}
