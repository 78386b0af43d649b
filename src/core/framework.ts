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
}

export interface CommandSpec {
  /** true: `value` runs under /bin/sh -c. false: `argv` runs directly. */
  shell: boolean;
  value?: string;
  argv?: string[];
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
  labels?: Record<string, string>;
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
