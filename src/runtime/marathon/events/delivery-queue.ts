import { Backoff } from '../../../core/backoff.js';
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../../../core/clock.js';

/**
 * Sends one body to the target; resolves once the target took it (2xx), rejects
 * otherwise. `signal` aborts it when the queue stops.
 */
export type Send = (body: string, signal: AbortSignal) => Promise<void>;

export interface DeliveryOptions {
  /** Bodies waiting, besides the one being sent (default 1024, Marathon's bound on a stream's unsent events). */
  maxQueued?: number;
  /** Characters of the bodies waiting (default 8 Mi): a few huge events cannot hold more. */
  maxQueuedChars?: number;
  /** Attempts per body before it is given up (default 5): one body the target always refuses cannot block the rest. */
  maxAttempts?: number;
  /** Wait after the first failure (default 1 s); it doubles on each failure, to `maxBackoffMs` (default 60 s), and resets on success. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Drops are logged once per burst with their count: the burst ends at the next delivery, or this long after its first drop (default 60 s). */
  dropReportMs?: number;
  /** Jitter of ±20% on each wait, so targets that failed together are not retried together; injected for tests. */
  random?: () => number;
}

export interface DeliveryDeps {
  clock: Clock;
  log: Logger;
}

export const DELIVERY_DEFAULTS = {
  maxQueued: 1024,
  maxQueuedChars: 8 * 1024 * 1024,
  maxAttempts: 5,
  initialBackoffMs: 1_000,
  maxBackoffMs: 60_000,
  dropReportMs: 60_000,
} as const;

/**
 * Delivers bodies to one target (an HTTP callback, a chat webhook) one at a time, in
 * the order they were pushed. `push` never waits and never fails: it is called from
 * bus deliveries. A failure is retried after a backoff that grows while the target
 * keeps failing, so a dead target gets at most one request per `maxBackoffMs`.
 *
 * Bounded: when the waiting bodies pass `maxQueued` or `maxQueuedChars`, the oldest
 * are dropped (the newest describe the present best), and the drops are logged once
 * per burst with their count. `target` names the target in logs; it must not hold a
 * secret (a webhook URL is one).
 */
export class DeliveryQueue {
  private readonly waiting: string[] = [];
  private waitingChars = 0;
  private current?: { body: string; attempts: number };
  private sending = false;
  private retryTimer?: TimerHandle;
  private readonly backoff: Backoff;
  private dropped = 0;
  private dropTimer?: TimerHandle;
  private stopped = false;
  private readonly abort = new AbortController();
  private readonly o: Required<Omit<DeliveryOptions, 'random'>> & { random: () => number };

  constructor(private readonly target: string, private readonly send: Send, private readonly deps: DeliveryDeps, opts: DeliveryOptions = {}) {
    this.o = { ...DELIVERY_DEFAULTS, random: Math.random, ...stripUndefined(opts) };
    this.backoff = new Backoff(this.o.initialBackoffMs, this.o.maxBackoffMs, this.o.random);
  }

  push(body: string): void {
    if (this.stopped) return;
    this.waiting.push(body);
    this.waitingChars += body.length;
    while (this.waiting.length > this.o.maxQueued || (this.waitingChars > this.o.maxQueuedChars && this.waiting.length > 1)) {
      this.waitingChars -= this.waiting.shift()!.length;
      this.countDrop();
    }
    this.pump();
  }

  /** Bodies not yet delivered, the one being sent included. */
  get pending(): number {
    return this.waiting.length + (this.current ? 1 : 0);
  }

  /** Forgets what is pending and aborts the request in flight. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.reportDrops();
    this.retryTimer?.cancel();
    this.abort.abort();
    this.waiting.length = 0;
    this.current = undefined;
  }

  private pump(): void {
    if (this.stopped || this.sending || this.retryTimer) return;
    if (!this.current) {
      const body = this.waiting.shift();
      if (body === undefined) return;
      this.waitingChars -= body.length;
      this.current = { body, attempts: 0 };
    }
    const item = this.current;
    this.sending = true;
    item.attempts++;
    this.send(item.body, this.abort.signal).then(
      () => this.settled(item, undefined),
      (err: unknown) => this.settled(item, err ?? new Error('failed')),
    );
  }

  private settled(item: { body: string; attempts: number }, err: unknown): void {
    this.sending = false;
    if (this.stopped) return;
    const { log } = this.deps;
    if (err === undefined) {
      this.current = undefined;
      this.backoff.reset();
      this.reportDrops();
      this.pump();
      return;
    }
    const reason = (err as Error).message;
    const giveUp = item.attempts >= this.o.maxAttempts;
    if (giveUp) this.current = undefined;
    const waitMs = this.backoff.next();
    log.warn(
      { target: this.target, attempt: item.attempts, reason, retryInMs: waitMs, pending: this.pending },
      giveUp ? `event delivery failed ${item.attempts} times; this event is given up` : 'event delivery failed; retrying',
    );
    this.retryTimer = this.deps.clock.setTimer(waitMs, () => {
      this.retryTimer = undefined;
      this.pump();
    });
  }

  private countDrop(): void {
    this.dropped++;
    this.dropTimer ??= this.deps.clock.setTimer(this.o.dropReportMs, () => this.reportDrops());
  }

  private reportDrops(): void {
    this.dropTimer?.cancel();
    this.dropTimer = undefined;
    if (this.dropped === 0) return;
    this.deps.log.warn(
      { target: this.target, dropped: this.dropped, maxQueued: this.o.maxQueued },
      `dropped the ${this.dropped} oldest undelivered event(s): the target's queue was full`,
    );
    this.dropped = 0;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
