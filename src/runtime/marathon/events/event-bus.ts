import type { MarathonEvent, MarathonEventType } from './marathon-events.js';

export type EventListener = (event: MarathonEvent) => void;

/**
 * The typed event bus of the services scheduler. Delivery is synchronous and in
 * publish order, so every subscriber sees the same sequence: the deployment manager,
 * /v2/events streams, HTTP callbacks, the chat notifier. A listener must return quickly
 * (queue slow work) and must not throw; one that throws is logged and the others still
 * get the event.
 */
export interface EventBus {
  publish(event: MarathonEvent): void;
  /** Subscribes to every event, or to the given types only. Returns the unsubscribe function. */
  subscribe(listener: EventListener, types?: ReadonlySet<MarathonEventType>): () => void;
}

export class LocalEventBus implements EventBus {
  private readonly listeners = new Map<EventListener, ReadonlySet<MarathonEventType> | undefined>();

  constructor(private readonly onListenerError: (err: unknown, event: MarathonEvent) => void = () => undefined) {}

  publish(event: MarathonEvent): void {
    for (const [listener, types] of this.listeners) {
      if (types && !types.has(event.eventType)) continue;
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(err, event);
      }
    }
  }

  subscribe(listener: EventListener, types?: ReadonlySet<MarathonEventType>): () => void {
    this.listeners.set(listener, types);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
