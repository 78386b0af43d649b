import type { MarathonEvent, MarathonEventType, PlanJson } from './marathon-events.js';

/**
 * How events go on the wire: JSON, one text per event and format, shared by every
 * stream and callback that carries it.
 *
 * `light` is Marathon's `plan-format=light` (Formats.scala, LightDeploymentPlanWrites):
 * the plan of a deployment event keeps its `id`, `steps` and `version`, and loses the
 * groups before and after it (`original`, `target`), which can be the whole service
 * tree. Other events are the same in both formats.
 */
export type PlanFormat = 'full' | 'light';

export function lightPlan(plan: PlanJson): Pick<PlanJson, 'id' | 'steps' | 'version'> {
  return { id: plan.id, steps: plan.steps, version: plan.version };
}

export function eventJson(event: MarathonEvent, format: PlanFormat = 'full'): string {
  if (format === 'light' && 'plan' in event) return JSON.stringify({ ...event, plan: lightPlan(event.plan) });
  return JSON.stringify(event);
}

/** Every event type the bus carries (checked against MarathonEventType below). */
export const BUS_EVENT_TYPES = [
  'api_post_event', 'status_update_event', 'instance_changed_event', 'instance_health_changed_event',
  'unknown_instance_terminated_event', 'app_terminated_event', 'add_health_check_event', 'remove_health_check_event',
  'failed_health_check_event', 'health_status_changed_event', 'unhealthy_task_kill_event', 'unhealthy_instance_kill_event',
  'group_change_success', 'group_change_failed', 'deployment_info', 'deployment_step_success', 'deployment_step_failure',
  'deployment_success', 'deployment_failed', 'scheduler_registered_event', 'scheduler_reregistered_event',
  'subscribe_event', 'unsubscribe_event', 'event_stream_attached', 'event_stream_detached',
] as const satisfies readonly MarathonEventType[];

// A type added to MarathonEvent and missing above fails to compile here.
const coversEveryType: Exclude<MarathonEventType, (typeof BUS_EVENT_TYPES)[number]> extends never ? true : false = true;
void coversEveryType;

/**
 * Marathon's event types that this scheduler does not publish (pods, framework messages,
 * disconnection). A client may filter on them (`event_type=pod_created_event`): it is
 * a valid Marathon request that matches nothing here, so it is not refused.
 */
export const MARATHON_ONLY_EVENT_TYPES = [
  'pod_created_event', 'pod_updated_event', 'pod_deleted_event', 'framework_message_event', 'scheduler_disconnected_event',
] as const;

const KNOWN = new Set<string>([...BUS_EVENT_TYPES, ...MARATHON_ONLY_EVENT_TYPES]);

export function isMarathonEventType(name: string): boolean {
  return KNOWN.has(name);
}

/** Marathon's timestamps: ISO-8601 in UTC with milliseconds ("2014-03-01T23:29:30.158Z"). */
export function timestampAt(ms: number): string {
  return new Date(ms).toISOString();
}
