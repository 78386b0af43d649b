/**
 * When to start a daemon again after it died: at once the first time is not an option
 * (a daemon that cannot start would spin), so after `minMs`, doubling on each death up
 * to `maxMs`; a run that lasted `stableAfterMs` counts as healthy and the next death
 * starts again from `minMs`. Pure: the caller says when things happen.
 */
export interface BackoffOptions {
  minMs: number;
  maxMs: number;
  /** Default 60 s. */
  stableAfterMs?: number;
}

export const STABLE_AFTER_MS = 60_000;

export class RestartBackoff {
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly stableAfterMs: number;
  private nextMs: number;
  private startedAt: number | undefined;

  constructor(opts: BackoffOptions) {
    this.minMs = opts.minMs;
    this.maxMs = Math.max(opts.minMs, opts.maxMs);
    this.stableAfterMs = opts.stableAfterMs ?? STABLE_AFTER_MS;
    this.nextMs = this.minMs;
  }

  /** The daemon was started at `now`. */
  started(now: number): void {
    this.startedAt = now;
  }

  /** The daemon died at `now`: how long to wait before starting it again. */
  exited(now: number): number {
    if (this.startedAt !== undefined && now - this.startedAt >= this.stableAfterMs) this.nextMs = this.minMs;
    this.startedAt = undefined;
    const delay = this.nextMs;
    this.nextMs = Math.min(this.maxMs, this.nextMs * 2);
    return delay;
  }

  /** Forget past deaths (a restart someone asked for is not a failure). */
  reset(): void {
    this.nextMs = this.minMs;
  }
}
