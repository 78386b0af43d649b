import type { HealthCheckReport, TaskCheckResult } from '../../../core/framework.js';
import type { HealthCheck } from '../../../core/marathon/app-definition.js';
import type { Resources } from '../../../core/resources.js';
import type { TaskState } from '../../../core/task-state.js';

/**
 * Why the scheduler asked for a task's end. `unhealthy` counts as a failure (backoff,
 * lastTaskFailure), as Marathon does for tasks killed by health checks; the others do not.
 * `scale-down` and `stop` are not replaced; `replace` and `api` tasks are (their app still
 * wants that many instances).
 */
export type KillReason = 'scale-down' | 'replace' | 'stop' | 'unhealthy' | 'api' | 'expunge';

/** The scheduler's record of one task of an app (Marathon's instance). Immutable: change by copy. */
export interface Instance {
  readonly taskId: string;
  readonly appId: string;
  readonly agentId: string;
  readonly host: string;
  /** The agent's attributes at launch, for constraints (GROUP_BY rack, ...). */
  readonly agentAttributes: Readonly<Record<string, string>>;
  readonly ports: number[];
  readonly resources: Resources;
  readonly state: TaskState;
  /** ms since epoch */
  readonly stagedAt: number;
  readonly startedAt?: number;
  /** The app version the task was launched with. */
  readonly version: string;
  /** The app's lastConfigChangeAt at launch: tasks of another config are replaced by a restart. */
  readonly configVersion: string;
  /** The scheduler asked for this task's end; it no longer counts as one of the app's instances. */
  readonly killRequested?: boolean;
  readonly killReason?: KillReason;
  readonly sandbox?: string;
  /** The health checks it was launched with: with any, it counts as healthy only once they pass. */
  readonly healthChecks: readonly HealthCheck[];
  /** The agent's last word on the health checks; undefined until the first result. */
  readonly healthy?: boolean;
  readonly health?: readonly HealthCheckReport[];
  /** What the app's general check found last (the agent's word); undefined until its first run. */
  readonly checkResult?: TaskCheckResult;
  /** Readiness checks passed (during a deployment of an app that has them). */
  readonly ready?: boolean;
  /** ms since epoch: when the task became TASK_UNREACHABLE (unreachableStrategy counts from here). */
  readonly unreachableSince?: number;
  /** The message of the last status update. */
  readonly message?: string;
}

/** Up and passing its health checks (if it has any): what minimumHealthCapacity counts. */
export function isHealthy(i: Instance): boolean {
  return i.state === 'TASK_RUNNING' && (i.healthChecks.length === 0 || i.healthy === true);
}
