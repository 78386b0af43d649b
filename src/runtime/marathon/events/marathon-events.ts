/**
 * Marathon's events (docs/docs/event-bus.md, core/event/Events.scala): the shapes that
 * /v2/events (SSE), /v2/eventSubscriptions callbacks and the chat notifier carry, and
 * that the deployment manager and, later, the load balancer and DNS follow. Field names
 * and values are Marathon's, so existing consumers (marathon-lb, scripts) read them
 * unchanged. `timestamp` is an ISO-8601 string, as Marathon prints it.
 */
import type { TaskState } from '../../../core/task-state.js';

interface Base {
  timestamp: string;
}

/** A deployment plan as events carry it; `original` and `target` are left out with plan-format=light. */
export interface PlanJson {
  id: string;
  version: string;
  steps: Array<{ actions: Array<{ action: string; app: string }> }>;
  original?: unknown;
  target?: unknown;
}

export interface StepJson {
  actions: Array<{ action: string; app: string }>;
}

export type MarathonEvent =
  | (Base & { eventType: 'api_post_event'; clientIp: string; uri: string; appDefinition: unknown })
  | (Base & {
      eventType: 'status_update_event';
      slaveId: string; taskId: string; taskStatus: TaskState; message: string; appId: string; host: string;
      ipAddresses: Array<{ ipAddress: string; protocol: 'IPv4' | 'IPv6' }>; ports: number[]; version: string;
    })
  | (Base & {
      eventType: 'instance_changed_event';
      instanceId: string; condition: string; runSpecId: string; agentId: string; host: string; runSpecVersion: string;
    })
  | (Base & { eventType: 'instance_health_changed_event'; instanceId: string; runSpecId: string; runSpecVersion: string; healthy: boolean | null })
  | (Base & { eventType: 'unknown_instance_terminated_event'; instanceId: string; runSpecId: string; condition: string })
  | (Base & { eventType: 'app_terminated_event'; appId: string })
  | (Base & { eventType: 'add_health_check_event' | 'remove_health_check_event'; appId: string; version: string; healthCheck: unknown })
  | (Base & { eventType: 'failed_health_check_event'; appId: string; taskId: string; instanceId: string; version: string; healthCheck: unknown })
  | (Base & { eventType: 'health_status_changed_event'; appId: string; taskId: string; instanceId: string; version: string; alive: boolean })
  | (Base & {
      eventType: 'unhealthy_task_kill_event' | 'unhealthy_instance_kill_event';
      appId: string; taskId: string; instanceId: string; version: string; reason: string; host: string; slaveId: string;
    })
  | (Base & { eventType: 'group_change_success'; groupId: string; version: string })
  | (Base & { eventType: 'group_change_failed'; groupId: string; version: string; reason: string })
  | (Base & { eventType: 'deployment_info' | 'deployment_step_success' | 'deployment_step_failure'; plan: PlanJson; currentStep: StepJson })
  | (Base & { eventType: 'deployment_success'; id: string; plan: PlanJson })
  /** `reason` is this project's: why the deployment failed (cancelled, superseded, timed out and rolled back). */
  | (Base & { eventType: 'deployment_failed'; id: string; plan: PlanJson; reason?: string })
  | (Base & { eventType: 'scheduler_registered_event' | 'scheduler_reregistered_event'; frameworkId: string; master: string })
  | (Base & { eventType: 'subscribe_event' | 'unsubscribe_event'; clientIp: string; callbackUrl: string })
  | (Base & { eventType: 'event_stream_attached' | 'event_stream_detached'; remoteAddress: string });

export type MarathonEventType = MarathonEvent['eventType'];

/** The event of a given type (also where one shape serves several types). */
export type EventOf<T extends MarathonEventType> = MarathonEvent extends infer E ? (E extends { eventType: infer U } ? (T extends U ? E : never) : never) : never;
