/**
 * Capped exponential backoff with jitter. Jitter (±20%) spreads out the retries of many
 * agents that lost the master at the same moment, so its return is not a stampede.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
    private readonly factor = 2,
  ) {}

  /** Delay before the next attempt; grows with every call until reset(). */
  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** Math.min(this.attempt, 60));
    this.attempt++;
    return Math.round(base * (0.8 + 0.4 * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }

  get attempts(): number {
    return this.attempt;
  }
}
