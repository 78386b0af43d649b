import type { Logger } from 'pino';
import type { Clock } from '../../../core/clock.js';
import { DcosError, ErrorCodes } from '../../../core/errors.js';
import type { StateStore } from '../../state/state-store.js';
import { callbackUrlProblem, loggableUrl } from './callback-url.js';
import { DeliveryQueue, type DeliveryOptions } from './delivery-queue.js';
import type { EventBus } from './event-bus.js';
import { eventJson, timestampAt } from './event-json.js';
import { jsonPoster } from './http-post.js';
import type { EventOf } from './marathon-events.js';

export const SUBSCRIPTIONS_PREFIX = 'marathon/event-subscriptions/';

/** Bounds memory and outbound requests; Marathon had no bound. */
export const MAX_SUBSCRIPTIONS = 100;

export interface EventSubscriptionsDeps {
  store: StateStore;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  delivery?: DeliveryOptions;
  requestTimeoutMs?: number;
}

interface StoredSubscription {
  callbackUrl: string;
}

type SubscriptionEvent<T extends 'subscribe_event' | 'unsubscribe_event'> = EventOf<T> & { eventType: T };

/**
 * Marathon's HTTP callbacks (/v2/eventSubscriptions, Marathon 1.4): every event on the
 * bus is POSTed as JSON (the full plan format, as Marathon did) to every subscribed
 * URL, in bus order per subscriber, each through its own bounded DeliveryQueue, so a
 * slow or dead subscriber delays nobody else.
 *
 * Subscriptions are durable: one key per URL under marathon/event-subscriptions/,
 * written before the subscription counts and read back by load() at start. Changes
 * are made one at a time, in the order they were asked for. As in Marathon, a
 * subscriber receives its own subscribe_event (it is subscribed when the event is
 * published), and unsubscribing a URL that is not subscribed succeeds and still
 * publishes unsubscribe_event.
 */
export class EventSubscriptions {
  private readonly queues = new Map<string, DeliveryQueue>();
  private changes: Promise<unknown> = Promise.resolve();
  private leaveBus?: () => void;

  constructor(private readonly deps: EventSubscriptionsDeps) {}

  /** Reads the stored subscriptions and starts delivering events to them. */
  async load(): Promise<void> {
    for (const { key, value } of await this.deps.store.list<StoredSubscription>(SUBSCRIPTIONS_PREFIX)) {
      const url = value?.callbackUrl;
      const problem = typeof url === 'string' ? callbackUrlProblem(url) : 'no callbackUrl';
      if (problem) {
        this.deps.log.error({ key, problem }, 'ignoring a stored event subscription that is not valid');
        continue;
      }
      this.startQueue(url);
    }
    this.leaveBus ??= this.deps.bus.subscribe((event) => {
      if (this.queues.size === 0) return;
      const body = eventJson(event);
      for (const queue of this.queues.values()) queue.push(body);
    });
  }

  list(): string[] {
    return [...this.queues.keys()];
  }

  /** Subscribes `callbackUrl` (422 naming it unless it is an http(s) URL); subscribing it again changes nothing. */
  subscribe(callbackUrl: string, clientIp: string): Promise<SubscriptionEvent<'subscribe_event'>> {
    const problem = callbackUrlProblem(callbackUrl);
    if (problem) return Promise.reject(invalidCallbackUrl(problem));
    return this.serially(async () => {
      if (!this.queues.has(callbackUrl)) {
        if (this.queues.size >= MAX_SUBSCRIPTIONS) {
          throw invalidCallbackUrl(`${JSON.stringify(callbackUrl)} is not subscribed: at most ${MAX_SUBSCRIPTIONS} event subscriptions are kept; unsubscribe one first`);
        }
        await this.commit({ type: 'put', key: keyOf(callbackUrl), value: { callbackUrl } satisfies StoredSubscription });
        this.startQueue(callbackUrl);
        this.deps.log.info({ callbackUrl: loggableUrl(callbackUrl) }, 'event callback subscribed');
      }
      return this.publish({ eventType: 'subscribe_event', clientIp, callbackUrl, timestamp: this.now() });
    });
  }

  unsubscribe(callbackUrl: string, clientIp: string): Promise<SubscriptionEvent<'unsubscribe_event'>> {
    return this.serially(async () => {
      const queue = this.queues.get(callbackUrl);
      if (queue) {
        await this.commit({ type: 'delete', key: keyOf(callbackUrl) });
        queue.stop();
        this.queues.delete(callbackUrl);
        this.deps.log.info({ callbackUrl: loggableUrl(callbackUrl) }, 'event callback unsubscribed');
      }
      return this.publish({ eventType: 'unsubscribe_event', clientIp, callbackUrl, timestamp: this.now() });
    });
  }

  /** Leaves the bus and forgets what is pending (master shutdown). */
  stop(): void {
    this.leaveBus?.();
    this.leaveBus = undefined;
    for (const queue of this.queues.values()) queue.stop();
    this.queues.clear();
  }

  private startQueue(url: string): void {
    const { clock, log, delivery, requestTimeoutMs } = this.deps;
    this.queues.set(url, new DeliveryQueue(loggableUrl(url), jsonPoster(url, requestTimeoutMs), { clock, log }, delivery));
  }

  private async commit(op: Parameters<StateStore['commit']>[0][number]): Promise<void> {
    try {
      await this.deps.store.commit([op]);
    } catch (cause) {
      throw new DcosError(ErrorCodes.STORE, 'the event subscription was not changed: the state store refused the write', { cause });
    }
  }

  private publish<E extends SubscriptionEvent<'subscribe_event' | 'unsubscribe_event'>>(event: E): E {
    this.deps.bus.publish(event);
    return event;
  }

  private now(): string {
    return timestampAt(this.deps.clock.now());
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.changes.then(fn);
    this.changes = next.catch(() => undefined);
    return next;
  }
}

function keyOf(callbackUrl: string): string {
  return `${SUBSCRIPTIONS_PREFIX}${encodeURIComponent(callbackUrl)}`;
}

function invalidCallbackUrl(problem: string): DcosError {
  return new DcosError(ErrorCodes.INVALID_DEFINITION, `Invalid callbackUrl: ${problem}`, { details: [{ path: '/callbackUrl', errors: [problem] }] });
}
