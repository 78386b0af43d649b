import type { ServerResponse } from 'node:http';
import type { Clock, TimerHandle } from '../../../core/clock.js';

export interface SseConnectionOptions {
  clock: Clock;
  /** A comment line is written this often, so proxies and load balancers keep an idle stream open. */
  heartbeatMs: number;
  /** A client with more bytes than this written to it and not yet read is cut off. */
  maxUnsentBytes: number;
  /** Called once when the client is cut off for not reading. */
  onSlow(unsentBytes: number): void;
}

/**
 * An SSE comment: every client ignores it, and the write finds a dead peer. Jetty's
 * EventSourceServlet, which serves Marathon's stream, writes a bare CRLF every 10 s.
 */
export const HEARTBEAT = ':\n\n';

/**
 * One client of /v2/events, after the response head is sent. Text is written as it
 * comes, with no batching timer: latency is the point. What the client has not read
 * yet waits in Node's buffer of its socket; once that passes the limit, the client is
 * cut off: destroyed, not ended, so its buffer is freed at once and nothing more is
 * written. A client that stops reading therefore costs bounded memory and never slows
 * the bus or the other clients (a write never waits).
 */
export class SseConnection {
  /** Written to by us; false once cut off, ended, or closed. */
  private open = true;
  private closed = false;
  private heartbeat?: TimerHandle;

  constructor(private readonly res: ServerResponse, private readonly o: SseConnectionOptions) {
    // A failed write (peer gone) ends in 'close'; the error itself needs no handling.
    res.on('error', () => undefined);
    res.once('close', () => {
      this.open = false;
      this.closed = true;
      this.heartbeat?.cancel();
    });
    this.armHeartbeat();
  }

  /** Runs once the connection is closed, whoever closed it. */
  onClose(fn: () => void): void {
    if (this.closed) queueMicrotask(fn);
    else this.res.once('close', fn);
  }

  write(text: string): void {
    if (!this.open) return;
    this.res.write(text);
    // Node corks a chunked response on write and uncorks on the next tick, which comes
    // only after every microtask queued before it (the scheduler's round of work): flush
    // now, so the event leaves when it is published.
    const socket = this.res.socket;
    if (socket?.writableCorked) socket.uncork();
    const unsent = this.res.writableLength;
    if (unsent > this.o.maxUnsentBytes) {
      this.open = false;
      this.o.onSlow(unsent);
      this.res.destroy();
    }
  }

  /** Ends the stream (server shutdown): what was written is still delivered. */
  end(): void {
    if (!this.open) return;
    this.open = false;
    this.heartbeat?.cancel();
    this.res.end();
  }

  private armHeartbeat(): void {
    this.heartbeat = this.o.clock.setTimer(this.o.heartbeatMs, () => {
      this.write(HEARTBEAT);
      if (this.open) this.armHeartbeat();
    });
  }
}
