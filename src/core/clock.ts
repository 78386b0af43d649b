/**
 * Time is injected everywhere time matters (heartbeat timeouts, backoff, offer filters,
 * allocation intervals) so that tests run in milliseconds without sleeping.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. Never keeps the process alive by itself. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

/**
 * The longest single wait a timer can take: Node's setTimeout fires after 1 ms for
 * anything above 2^31-1 ms (about 24.8 days), which would turn a long backoff into a
 * hot loop. Longer waits are made of several timers (see setDeadlineTimer).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.min(MAX_TIMER_MS, Math.max(0, ms)));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};

/**
 * Runs `fn` once, at or after the time `at` (ms since the epoch) and as soon as possible
 * after it. Timers may fire early: setTimeout rounds fractional delays, clocks drift, and
 * waits are capped at MAX_TIMER_MS. So the timer re-checks the deadline when it fires and
 * re-arms for the rest instead of giving up or running early.
 */
export function setDeadlineTimer(clock: Clock, at: number, fn: () => void): TimerHandle {
  let current: TimerHandle | undefined;
  let cancelled = false;
  const arm = () => {
    const wait = at - clock.now();
    if (wait <= 0) {
      fn();
      return;
    }
    // ceil: a fractional wait rounded down would fire before the deadline every time.
    current = clock.setTimer(Math.min(MAX_TIMER_MS, Math.ceil(wait)), () => {
      if (!cancelled) arm();
    });
  };
  // Always asynchronous, like setTimer, even when the deadline has passed.
  current = clock.setTimer(0, () => {
    if (!cancelled) arm();
  });
  return {
    cancel: () => {
      cancelled = true;
      current?.cancel();
    },
  };
}

/**
 * A clock that only moves when told to: `advance(ms)` fires every timer that falls due.
 * With `truncatesDelays`, a timer fires after the whole milliseconds of its delay, as
 * setTimeout does with a fractional delay: up to 1 ms early. Callers that must not run
 * before a deadline are tested with it.
 */
export class ManualClock implements Clock {
  private current: number;
  private timers: Array<{ at: number; seq: number; fn: () => void; cancelled: boolean }> = [];
  private seq = 0;
  private readonly truncates: boolean;

  constructor(start = 1_700_000_000_000, opts: { truncatesDelays?: boolean } = {}) {
    this.current = start;
    this.truncates = opts.truncatesDelays ?? false;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const timer = { at: this.current + Math.max(0, this.truncates ? Math.trunc(ms) : ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => { timer.cancelled = true; } };
  }

  /** Moves time forward, firing due timers in time order (timers set while firing included). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers
        .filter((t) => !t.cancelled && t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.current = Math.max(this.current, due.at);
      due.cancelled = true;
      due.fn();
    }
    this.timers = this.timers.filter((t) => !t.cancelled);
    this.current = target;
  }

  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}
