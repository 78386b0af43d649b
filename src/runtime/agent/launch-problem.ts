import type { TaskHealthCheck, TaskLaunch } from '../../core/framework.js';
import { isCheckPath, isUserName, MAX_CHECK_COMMAND_LENGTH, MAX_CHECK_TIMER_SECONDS, USER_NAME_PATTERN } from '../../core/task-limits.js';
import { asProbe } from './health/task-check-runner.js';
import { isSafeId, SAFE_ID_PATTERN } from './sandbox.js';

/** More checks than any app needs would only cost the agent timers. */
const MAX_HEALTH_CHECKS = 16;

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
  const checks = launch.healthChecks ?? [];
  if (checks.length > MAX_HEALTH_CHECKS) return `${checks.length} health checks: at most ${MAX_HEALTH_CHECKS}`;
  for (const [k, check] of checks.entries()) {
    const problem = healthCheckProblem(check);
    if (problem) return `healthChecks(${k}): ${problem}`;
  }
  const problem = launch.check && healthCheckProblem(asProbe(launch.check));
  if (problem) return `check: ${problem}`;
  return undefined;
}

/** Why this agent cannot run a health check as given (it never runs one differently), or undefined. */
function healthCheckProblem(h: TaskHealthCheck): string | undefined {
  if (!['HTTP', 'HTTPS', 'TCP', 'COMMAND'].includes(h.protocol)) return `protocol ${JSON.stringify(h.protocol)} is not one of HTTP, HTTPS, TCP, COMMAND`;
  if (h.ipProtocol !== 'IPv4' && h.ipProtocol !== 'IPv6') return `ipProtocol ${JSON.stringify(h.ipProtocol)} is not IPv4 or IPv6`;
  if (h.protocol === 'COMMAND') {
    if (!h.command || h.command.length > MAX_CHECK_COMMAND_LENGTH || h.command.includes('\0')) return `a COMMAND check needs a command line of 1 to ${MAX_CHECK_COMMAND_LENGTH} characters without NUL`;
  } else if (h.port === undefined || !Number.isInteger(h.port) || h.port < 1 || h.port > 65535) {
    return `a ${h.protocol} check needs the port to probe (1-65535), got ${h.port}`;
  }
  if (h.path !== undefined && !isCheckPath(h.path)) return 'path must be printable ASCII without spaces, up to 2048 characters';
  for (const field of ['intervalSeconds', 'timeoutSeconds'] as const) {
    if (!(h[field] > 0 && h[field] <= MAX_CHECK_TIMER_SECONDS)) return `${field} must be above 0 and at most ${MAX_CHECK_TIMER_SECONDS}, got ${h[field]}`;
  }
  if (!(h.delaySeconds >= 0 && h.delaySeconds <= MAX_CHECK_TIMER_SECONDS)) return `delaySeconds must be 0 to ${MAX_CHECK_TIMER_SECONDS}, got ${h.delaySeconds}`;
  if (!(h.gracePeriodSeconds >= 0)) return `gracePeriodSeconds must be 0 or more, got ${h.gracePeriodSeconds}`;
  return undefined;
}
