/**
 * The chat notifier's configuration: a JSON file the master reads at start
 * (`dcos-master --notifier-config FILE`), written by `dcos cluster up` from cluster.yaml
 * `notifications` or `--notify-webhook-file`, or by hand:
 *
 *   { "webhookUrl": "https://hooks.slack.com/services/…", "events": ["deployment_failed"], "channel": "#ops" }
 *
 * The webhook URL is a secret (whoever has it can post to the channel): the file is
 * mode 0600, and no message here ever shows the URL. Both sides (CLI and master) check
 * it with the same function.
 */

/**
 * What can be posted. Marathon's event types, except `task_failed`: a
 * status_update_event whose task ended TASK_FAILED or TASK_ERROR (the other status
 * updates are too many for a chat).
 */
export const NOTIFIER_EVENTS = [
  'deployment_success', 'deployment_failed', 'unhealthy_task_kill_event', 'unhealthy_instance_kill_event', 'task_failed',
] as const;

export type NotifierEvent = (typeof NOTIFIER_EVENTS)[number];

/** What a deployment did, and what went wrong with tasks; unhealthy_instance_kill_event duplicates unhealthy_task_kill_event. */
export const DEFAULT_NOTIFIER_EVENTS: readonly NotifierEvent[] = ['deployment_success', 'deployment_failed', 'unhealthy_task_kill_event', 'task_failed'];

export interface NotifierConfig {
  /** A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat…). */
  webhookUrl: string;
  /** Default DEFAULT_NOTIFIER_EVENTS. */
  events?: NotifierEvent[];
  /** Posts to this channel instead of the webhook's own ("#ops"), where the chat allows it. */
  channel?: string;
}

export interface NotifierConfigProblem {
  /** The key, e.g. "webhookUrl", "events[2]". */
  field: string;
  message: string;
}

const KEYS = ['webhookUrl', 'events', 'channel'];
const CHANNEL = /^[#@]?[A-Za-z0-9._-]{1,80}$/;

/** Why `url` cannot be a webhook, or undefined. Never repeats the URL (a secret). */
export function webhookUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return 'must be an http or https URL (the value is not a URL)';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `must be an http or https URL, not ${parsed.protocol}`;
  if (!parsed.hostname) return 'must be an http or https URL with a host';
  return undefined;
}

/** Every problem of a parsed config file, each with its field; empty when it is valid. */
export function notifierConfigProblems(value: unknown): NotifierConfigProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ field: '(top level)', message: 'must be a JSON object with webhookUrl, and optionally events and channel' }];
  }
  const o = value as Record<string, unknown>;
  const problems: NotifierConfigProblem[] = Object.keys(o)
    .filter((k) => !KEYS.includes(k))
    .map((k) => ({ field: k, message: `is not a known key (known: ${KEYS.join(', ')})` }));
  if (typeof o.webhookUrl !== 'string') {
    problems.push({ field: 'webhookUrl', message: o.webhookUrl === undefined ? 'is required' : 'must be a string' });
  } else {
    const problem = webhookUrlProblem(o.webhookUrl);
    if (problem) problems.push({ field: 'webhookUrl', message: problem });
  }
  if (o.events !== undefined) {
    if (!Array.isArray(o.events)) problems.push({ field: 'events', message: `must be a list of ${NOTIFIER_EVENTS.join(', ')}` });
    else if (o.events.length === 0) problems.push({ field: 'events', message: 'must name at least one event (leave it out for the defaults)' });
    else {
      o.events.forEach((e, i) => {
        if (!NOTIFIER_EVENTS.includes(e as NotifierEvent)) {
          problems.push({ field: `events[${i}]`, message: `${JSON.stringify(e)} is not one of ${NOTIFIER_EVENTS.join(', ')}` });
        }
      });
    }
  }
  if (o.channel !== undefined && (typeof o.channel !== 'string' || !CHANNEL.test(o.channel))) {
    problems.push({ field: 'channel', message: 'must be a channel name such as "#ops" (letters, digits, ".", "_" and "-")' });
  }
  return problems;
}
