import type { TaskCheckResult, TaskHealthCheck } from '../../../core/framework.js';
import type { TaskUser } from '../task-user.js';

/**
 * What one run of a health check found. The decision core (check-state.ts) turns it
 * into the check's state; a probe only observes.
 * - healthy / unhealthy: the task answered well / badly (or not in time).
 * - informational: an HTTP 1xx answer; counted as a failure unless the check ignores 1xx.
 * - not-run: the agent could not run the check (no file descriptors, no memory, no
 *   process slots; stopping). Never the task's fault: not counted, only logged.
 * `found` is what the task answered, when it answered: the HTTP status, the command's
 * exit code (what general checks report).
 */
export type ProbeResult =
  | { kind: 'healthy'; found?: TaskCheckResult }
  | { kind: 'unhealthy'; cause: string; found?: TaskCheckResult }
  | { kind: 'informational'; cause: string; found?: TaskCheckResult }
  | { kind: 'not-run'; cause: string };

/** Where and how a task's checks run. */
export interface ProbeTarget {
  /** The task's host (the agent's address, the $HOST the task binds): HTTP, HTTPS and TCP probe it. */
  host: string;
  /** COMMAND: cwd of the check. */
  sandbox: string;
  /** COMMAND: the task's environment. */
  env: Record<string, string>;
  /** COMMAND: the user the task runs as, when the agent switched to it. */
  user?: TaskUser;
}

/**
 * Runs one check once. Must settle promptly once `signal` aborts (the caller's timeout
 * or the end of checking), having released what it holds: sockets closed, the check's
 * processes killed. What it resolves with after an abort is up to the caller.
 */
export type Probe = (check: TaskHealthCheck, target: ProbeTarget, signal: AbortSignal) => Promise<ProbeResult>;

/**
 * errno codes that mean the agent's host ran out of something (fds, memory, process
 * slots, buffers), not that the task is unhealthy.
 */
const AGENT_RESOURCE_ERRORS = new Set(['EAGAIN', 'ENOMEM', 'EMFILE', 'ENFILE', 'ENOBUFS']);

export function isAgentResourceError(err: unknown): boolean {
  return AGENT_RESOURCE_ERRORS.has((err as NodeJS.ErrnoException | undefined)?.code ?? '');
}

/** unhealthy, or not-run when the error is the agent's own (see AGENT_RESOURCE_ERRORS). */
export function failureOf(err: unknown): ProbeResult {
  const cause = (err as Error)?.message ?? String(err);
  return isAgentResourceError(err) ? { kind: 'not-run', cause } : { kind: 'unhealthy', cause };
}

/** The text of an abort: the caller's reason when it gave an Error (a timeout names itself). */
export function abortCause(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : 'Health check aborted';
}
