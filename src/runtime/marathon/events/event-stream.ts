import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Clock } from '../../../core/clock.js';
import type { EventBus } from './event-bus.js';
import { eventJson, timestampAt, type PlanFormat } from './event-json.js';
import type { MarathonEvent } from './marathon-events.js';
import { SseConnection } from './sse-connection.js';

export interface EventStreamOptions {
  /** Default 10 s, the heartbeat period of Jetty's EventSourceServlet that serves Marathon's stream. */
  heartbeatMs?: number;
  /**
   * Bytes written to a client and not yet read beyond which it is cut off (default
   * 4 MiB). Marathon cuts a client off at 1024 unsent events
   * (event_stream_max_outstanding_messages); bytes bound memory whatever the events weigh.
   */
  maxUnsentBytes?: number;
}

export interface EventStreamDeps {
  bus: EventBus;
  clock: Clock;
  log: Logger;
}

/** What one client asked for. */
export interface StreamRequest {
  /** Only these event types (Marathon's `event_type`, repeatable); undefined: all. */
  types?: ReadonlySet<string>;
  format: PlanFormat;
  /** Named in event_stream_attached/detached, as Marathon does (the client's IP). */
  remoteAddress: string;
}

interface Client {
  connection: SseConnection;
  request: StreamRequest;
}

export const DEFAULT_HEARTBEAT_MS = 10_000;
export const DEFAULT_MAX_UNSENT_BYTES = 4 * 1024 * 1024;

/** One SSE frame: `event: <eventType>\ndata: <json>\n\n` (JSON.stringify never writes a raw newline). */
export function sseFrame(eventType: string, json: string): string {
  return `event: ${eventType}\ndata: ${json}\n\n`;
}

/**
 * The clients of /v2/events behind one bus subscription. An event is turned into text
 * at most once per plan format, whatever the number of clients, and written to each
 * client that wants its type, synchronously, in bus order.
 *
 * A client is attached before event_stream_attached is published, so it sees its own
 * attachment first (as in Marathon); it is detached when its connection closes,
 * whoever closed it, and event_stream_detached follows. Closing happens after the write
 * that caused it returns ('close' is emitted later), so no event is published from
 * inside a bus delivery.
 */
export class EventStream {
  private readonly clients = new Set<Client>();
  private readonly heartbeatMs: number;
  private readonly maxUnsentBytes: number;
  private unsubscribe?: () => void;

  constructor(private readonly deps: EventStreamDeps, opts: EventStreamOptions = {}) {
    this.heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.maxUnsentBytes = opts.maxUnsentBytes ?? DEFAULT_MAX_UNSENT_BYTES;
  }

  start(): void {
    this.unsubscribe ??= this.deps.bus.subscribe((event) => this.deliver(event));
  }

  get size(): number {
    return this.clients.size;
  }

  /** Takes over a response whose head (200, text/event-stream) is sent. */
  attach(res: ServerResponse, request: StreamRequest): void {
    const { log, clock, bus } = this.deps;
    const connection = new SseConnection(res, {
      clock,
      heartbeatMs: this.heartbeatMs,
      maxUnsentBytes: this.maxUnsentBytes,
      onSlow: (unsentBytes) => log.warn(
        { remoteAddress: request.remoteAddress, unsentBytes },
        'closing the event stream of a client that does not read (its unsent events passed the limit)',
      ),
    });
    const client: Client = { connection, request };
    this.clients.add(client);
    log.info({ remoteAddress: request.remoteAddress, clients: this.clients.size }, 'event stream attached');
    connection.onClose(() => {
      this.clients.delete(client);
      log.info({ remoteAddress: request.remoteAddress, clients: this.clients.size }, 'event stream detached');
      bus.publish({ eventType: 'event_stream_detached', remoteAddress: request.remoteAddress, timestamp: timestampAt(clock.now()) });
    });
    bus.publish({ eventType: 'event_stream_attached', remoteAddress: request.remoteAddress, timestamp: timestampAt(clock.now()) });
  }

  /** Ends every stream and leaves the bus (server shutdown). */
  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const c of this.clients) c.connection.end();
  }

  private deliver(event: MarathonEvent): void {
    if (this.clients.size === 0) return;
    const frames: Partial<Record<PlanFormat, string>> = {};
    for (const { connection, request } of this.clients) {
      if (request.types && !request.types.has(event.eventType)) continue;
      const frame = (frames[request.format] ??= sseFrame(event.eventType, eventJson(event, request.format)));
      connection.write(frame);
    }
  }
}
