import type { Logger } from 'pino';
import type { Clock } from '../../../core/clock.js';
import { chatMessage, notifierEventOf } from './chat-message.js';
import { DeliveryQueue, type DeliveryOptions } from './delivery-queue.js';
import type { EventBus } from './event-bus.js';
import { jsonPoster } from './http-post.js';
import type { MarathonEvent } from './marathon-events.js';
import type { LoadedNotifierConfig, NotifierSettings } from './notifier-config.js';

export interface ChatNotifierDeps {
  bus: EventBus;
  clock: Clock;
  log: Logger;
  settings: NotifierSettings;
  /** The labels of an app the scheduler knows; undefined for one it does not (e.g. just removed). */
  labelsOf(appId: string): Record<string, string> | undefined;
  clusterName?: string;
  /** Default: at most 100 messages wait (a chat that was down gets the latest, not an hour of backlog). */
  delivery?: DeliveryOptions;
  requestTimeoutMs?: number;
  /** After a task failure of an app is posted, its next ones within this time are only counted (default 5 min). */
  taskFailureQuietMs?: number;
}

export const DEFAULT_TASK_FAILURE_QUIET_MS = 5 * 60_000;
/** Apps whose failures are being counted; the oldest entries are forgotten beyond it. */
const MAX_QUIET_APPS = 1_000;

/**
 * Posts what a person on call wants to know to a Slack-compatible incoming webhook:
 * deployments that succeeded or failed (with the reason), unhealthy tasks killed, tasks
 * that failed (which events: NotifierSettings.events), each with the affected apps'
 * labels. Through one bounded DeliveryQueue with retries, like the HTTP callbacks.
 *
 * An app that keeps crashing would post every few seconds: after one of its task
 * failures is posted, the next within `taskFailureQuietMs` are counted, and the count
 * goes with the next message about it.
 */
export class ChatNotifier {
  private readonly queue: DeliveryQueue;
  private readonly quiet = new Map<string, { postedAt: number; suppressed: number }>();
  private readonly quietMs: number;
  private leaveBus?: () => void;

  /** A started notifier for a loaded --notifier-config (loadNotifierConfig), whose warnings it logs. */
  static started({ settings, warnings }: LoadedNotifierConfig, deps: Omit<ChatNotifierDeps, 'settings'>): ChatNotifier {
    for (const warning of warnings) deps.log.warn(warning);
    const notifier = new ChatNotifier({ ...deps, settings });
    notifier.start();
    return notifier;
  }

  constructor(private readonly deps: ChatNotifierDeps) {
    this.quietMs = deps.taskFailureQuietMs ?? DEFAULT_TASK_FAILURE_QUIET_MS;
    this.queue = new DeliveryQueue('chat webhook', jsonPoster(deps.settings.webhookUrl, deps.requestTimeoutMs), deps, { maxQueued: 100, ...deps.delivery });
  }

  start(): void {
    this.leaveBus ??= this.deps.bus.subscribe((event) => this.onEvent(event));
    this.deps.log.info({ events: [...this.deps.settings.events] }, 'chat notifier started');
  }

  stop(): void {
    this.leaveBus?.();
    this.leaveBus = undefined;
    this.queue.stop();
  }

  private onEvent(event: MarathonEvent): void {
    const kind = notifierEventOf(event);
    if (!kind || !this.deps.settings.events.has(kind)) return;
    let note: string | undefined;
    if (kind === 'task_failed' && 'appId' in event) {
      const counted = this.countFailure(event.appId);
      if (counted === undefined) return;
      if (counted > 0) note = `(and ${counted} more failure(s) of this app since the last message)`;
    }
    const { labelsOf, clusterName, settings } = this.deps;
    const message = chatMessage(event, { labelsOf, clusterName, channel: settings.channel }, note);
    if (message) this.queue.push(JSON.stringify(message));
  }

  /** undefined: within the quiet time, only counted; otherwise how many were counted since the last post. */
  private countFailure(appId: string): number | undefined {
    const now = this.deps.clock.now();
    const entry = this.quiet.get(appId);
    if (entry && now - entry.postedAt < this.quietMs) {
      entry.suppressed++;
      return undefined;
    }
    this.quiet.delete(appId);
    this.quiet.set(appId, { postedAt: now, suppressed: 0 });
    if (this.quiet.size > MAX_QUIET_APPS) this.quiet.delete(this.quiet.keys().next().value!);
    return entry?.suppressed ?? 0;
  }
}
