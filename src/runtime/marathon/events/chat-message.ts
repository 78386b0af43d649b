import type { NotifierEvent } from '../../../core/notifier-config.js';
import type { MarathonEvent } from './marathon-events.js';

/**
 * The message of a Slack-compatible incoming webhook: `text` and legacy `attachments`,
 * which Slack, Mattermost and Rocket.Chat all render (Mattermost does not render
 * Slack's `blocks`).
 *
 * Text from outside (reasons, task messages, label values) goes only into attachment
 * fields, and `&`, `<`, `>` are escaped everywhere as Slack requires, so a label such
 * as "<!channel>" cannot mention a whole channel.
 */
export interface ChatMessage {
  text: string;
  channel?: string;
  attachments: ChatAttachment[];
}

export interface ChatAttachment {
  fallback: string;
  color: string;
  title?: string;
  fields: Array<{ title: string; value: string; short: boolean }>;
  ts?: number;
}

export interface ChatContext {
  /** The app's labels, or undefined when it is not known (any more). */
  labelsOf(appId: string): Record<string, string> | undefined;
  /** Prefixes every message ("[prod] …"): one channel often hears several clusters. */
  clusterName?: string;
  channel?: string;
}

const COLORS = { good: '#2eb886', warning: '#daa038', danger: '#d00000' } as const;
/** marathon-lb's and Cosmos's own labels say nothing to people. */
const HIDDEN_LABELS = /^(HAPROXY_|DCOS_PACKAGE_)/i;
const MAX_APPS = 10;
const MAX_LABELS = 20;
const MAX_VALUE = 300;

/** Which notifier event a bus event is, if any. */
export function notifierEventOf(event: MarathonEvent): NotifierEvent | undefined {
  switch (event.eventType) {
    case 'deployment_success':
    case 'deployment_failed':
    case 'unhealthy_task_kill_event':
    case 'unhealthy_instance_kill_event':
      return event.eventType;
    case 'status_update_event':
      return event.taskStatus === 'TASK_FAILED' || event.taskStatus === 'TASK_ERROR' ? 'task_failed' : undefined;
    default:
      return undefined;
  }
}

/** The message for a bus event the notifier posts (notifierEventOf is defined); `note` is appended to the text. */
export function chatMessage(event: MarathonEvent, ctx: ChatContext, note?: string): ChatMessage | undefined {
  const body = describe(event);
  if (!body) return undefined;
  const prefix = ctx.clusterName ? `[${ctx.clusterName}] ` : '';
  const text = esc(`${prefix}${body.headline}${note ? ` ${note}` : ''}`);
  const apps = body.apps.slice(0, MAX_APPS);
  const more = body.apps.length - apps.length;
  const ts = Math.floor(Date.parse(event.timestamp) / 1000);
  const details: ChatAttachment = {
    fallback: text,
    color: COLORS[body.severity],
    fields: [
      ...body.details.flatMap(([title, value]) => (value ? [field(title, value, value.length <= 40)] : [])),
      ...(more > 0 ? [field('Also affected', `${more} more app(s)`, true)] : []),
    ],
    ...(Number.isFinite(ts) ? { ts } : {}),
  };
  const perApp = apps.map((appId): ChatAttachment => ({
    fallback: esc(appId),
    color: COLORS[body.severity],
    title: esc(appId),
    fields: visibleLabels(ctx.labelsOf(appId)).map(([k, v]) => field(k, v, true)),
  }));
  return { text, ...(ctx.channel ? { channel: ctx.channel } : {}), attachments: [details, ...perApp] };
}

interface Description {
  headline: string;
  severity: keyof typeof COLORS;
  apps: string[];
  details: Array<[string, string | undefined]>;
}

function describe(event: MarathonEvent): Description | undefined {
  switch (event.eventType) {
    case 'deployment_success':
    case 'deployment_failed': {
      const apps = [...new Set(event.plan.steps.flatMap((s) => s.actions.map((a) => a.app)))];
      const ok = event.eventType === 'deployment_success';
      return {
        headline: `Deployment of ${apps.join(', ') || 'no app'} ${ok ? 'succeeded' : 'failed'}`,
        severity: ok ? 'good' : 'danger',
        apps,
        details: [['Deployment', event.id], ['Reason', ok ? undefined : event.reason ?? 'not given']],
      };
    }
    case 'unhealthy_task_kill_event':
    case 'unhealthy_instance_kill_event':
      return {
        headline: `Killed an unhealthy task of ${event.appId} on ${event.host}`,
        severity: 'warning',
        apps: [event.appId],
        details: [['Task', event.taskId], ['Reason', event.reason], ['Agent', event.slaveId]],
      };
    case 'status_update_event':
      return {
        headline: `A task of ${event.appId} failed on ${event.host} (${event.taskStatus})`,
        severity: 'danger',
        apps: [event.appId],
        details: [['Task', event.taskId], ['Message', event.message], ['Agent', event.slaveId]],
      };
    default:
      return undefined;
  }
}

/** Every label but HAPROXY_* and DCOS_PACKAGE_*, in the app's order (who, build, environment, …). */
export function visibleLabels(labels: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(labels ?? {}).filter(([k]) => !HIDDEN_LABELS.test(k)).slice(0, MAX_LABELS);
}

function field(title: string, value: string, short: boolean) {
  return { title: esc(title), value: esc(clip(value)), short };
}

function clip(s: string): string {
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

/** Slack's escaping: only these three. */
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
