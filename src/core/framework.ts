import type { Resources } from './resources.js';
import type { TaskState } from './task-state.js';

/**
 * The framework interface of the master, after the Mesos scheduler API
 * (SUBSCRIBE/ACCEPT/DECLINE/REVIVE/SUPPRESS/KILL/ACKNOWLEDGE/RECONCILE calls;
 * SUBSCRIBED/OFFERS/RESCIND/UPDATE events). In-process frameworks (the services and
 * jobs schedulers) use exactly these types; an HTTP scheduler API is a transport for them.
 */

export interface FrameworkInfo {
  /** Set when re-subscribing after a restart, so the framework keeps its tasks. */
  id?: string;
  name: string;
  /** Role whose share the allocator charges; '*' is the default role. */
  role: string;
}

export interface Offer {
  id: string;
  frameworkId: string;
  agentId: string;
  /** The agent's address: what tasks see as $HOST. */
  hostname: string;
  resources: Resources;
  attributes: Record<string, string>;
  /** The role the offered resources belong to: '*' (unreserved) or the agent's role, e.g. 'slave_public' on public agents. */
  role: string;
  /** What the agent can do beyond running a command (e.g. 'fetcher', 'containers'): placement needs it. */
  capabilities: string[];
}

export interface CommandSpec {
  /** true: `value` runs under /bin/sh -c. false: `argv` runs directly. */
  shell: boolean;
  value?: string;
  argv?: string[];
}

/**
 * A health check the agent runs beside a task, its port resolved at launch. The agent
 * reports results in status updates (TaskStatus.healthy and .health); the framework
 * decides what an unhealthy task means (Marathon kills it after maxConsecutiveFailures).
 */
export interface TaskHealthCheck {
  protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'COMMAND';
  /** HTTP, HTTPS and TCP: the port probed on the task's host. */
  port?: number;
  /** HTTP, HTTPS: the path requested. */
  path?: string;
  /** COMMAND: run under /bin/sh -c in the task's sandbox with the task's environment; exit 0 is healthy. */
  command?: string;
  /** Failures within this many seconds of the task's start are not counted, until its first success. */
  gracePeriodSeconds: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  /** Wait before the first check. */
  delaySeconds: number;
  /** HTTP(S): a 1xx answer counts as neither success nor failure. */
  ignoreHttp1xx: boolean;
  ipProtocol: 'IPv4' | 'IPv6';
}

/** The state of one health check of a task, as its agent last reported it (times in ms since the epoch). */
export interface HealthCheckReport {
  alive: boolean;
  consecutiveFailures: number;
  firstSuccess?: number;
  lastSuccess?: number;
  lastFailure?: number;
  lastFailureCause?: string;
}

export interface TaskLaunch {
  taskId: string;
  name: string;
  command: CommandSpec;
  /** Exact resources of the task, ports included; must fit in the accepted offers. */
  resources: Resources;
  env: Record<string, string>;
  /** SIGTERM → SIGKILL delay when the task is killed. */
  killGracePeriodSeconds?: number;
  /** Run the task as this user of the agent's host (the agent must be able to switch to it). */
  user?: string;
  healthChecks?: TaskHealthCheck[];
  /** A general check (Mesos CheckInfo): the agent runs it and reports what it found; it never makes a task unhealthy. */
  check?: TaskCheck;
}

/** A Mesos general check: like a health check, but it only observes (Marathon's app `check`). */
export interface TaskCheck {
  protocol: 'HTTP' | 'HTTPS' | 'TCP' | 'COMMAND';
  /** HTTP, HTTPS and TCP: the port probed on the task's host. */
  port?: number;
  /** HTTP, HTTPS: the path requested. */
  path?: string;
  /** COMMAND: run under /bin/sh -c in the task's sandbox with the task's environment. */
  command?: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  delaySeconds: number;
}

/** What a check found the last time it ran (Mesos CheckStatusInfo; Marathon's task `checkResult`). One field is set. */
export interface TaskCheckResult {
  /** No statusCode: the check got no answer (refused, timed out). */
  http?: { statusCode?: number };
  tcp?: { succeeded: boolean };
  command?: { exitCode: number };
}

export type TaskStatusSource = 'SOURCE_MASTER' | 'SOURCE_AGENT' | 'SOURCE_EXECUTOR';

export interface TaskStatus {
  taskId: string;
  frameworkId: string;
  agentId: string;
  state: TaskState;
  /** Seconds since the epoch, as Mesos reports it. */
  timestamp: number;
  source: TaskStatusSource;
  message?: string;
  reason?: string;
  /** Identifies a status update for acknowledgement; absent on reconciliation answers. */
  uuid?: string;
  /** Exit code of the task's process when it ended by itself. */
  exitCode?: number;
  /** Sandbox directory on the agent (absolute path), known once the task is staged. */
  sandbox?: string;
  hostname?: string;
  /** Health checks only: true when every check of the task passes; set on the updates they cause. */
  healthy?: boolean;
  /** Health checks only: one report per check, in the order of TaskLaunch.healthChecks. */
  health?: HealthCheckReport[];
  /** The task's general check (TaskLaunch.check): what it found last; set on the updates it causes. */
  checkResult?: TaskCheckResult;
}

export interface Filters {
  /** Seconds during which the refused resources of this agent are not offered again (Mesos default 5). */
  refuseSeconds?: number;
}

/** What the master calls on a framework. Each handler must return quickly. */
export interface SchedulerEventHandler {
  subscribed(frameworkId: string): void;
  offers(offers: Offer[]): void;
  rescind(offerId: string): void;
  update(status: TaskStatus): void;
}

/** What a subscribed framework may call on the master. */
export interface SchedulerCalls {
  readonly frameworkId: string;
  /** Launches tasks on the resources of the given offers (all on one agent); unused resources return with `filters`. */
  accept(offerIds: string[], launches: TaskLaunch[], filters?: Filters): void;
  decline(offerIds: string[], filters?: Filters): void;
  /** Clears this framework's filters and resumes offers. */
  revive(): void;
  /** Stops offers until the next revive. */
  suppress(): void;
  kill(taskId: string, gracePeriodSeconds?: number): void;
  acknowledge(agentId: string, taskId: string, uuid: string): void;
  /** Empty list: implicit reconciliation of every task the master knows for this framework. */
  reconcile(tasks: Array<{ taskId: string; agentId?: string }>): void;
}

export interface FrameworkRegistry {
  subscribe(info: FrameworkInfo, handler: SchedulerEventHandler): SchedulerCalls;
}
