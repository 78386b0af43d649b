import { setDeadlineTimer, type Clock, type TimerHandle } from '../../../core/clock.js';
import { summarizeRefusals, type RefusalsSummary } from '../../placement/explain.js';
import type { RejectReason, RejectionSummary, RequestOutcome } from '../../placement/placement.js';
import type { StoredApp } from '../state/stored-app.js';
import { afterFailure, isDelayed, noBackoff, type BackoffState } from './backoff.js';

/** What /v2/queue shows of an app's offer matching (Marathon's processedOffersSummary and lastUnusedOffers). */
export interface OfferStats {
  processedOffersCount: number;
  unusedOffersCount: number;
  /** ms since epoch */
  lastUnusedOfferAt?: number;
  lastUsedOfferAt?: number;
  /** How the last placement pass that looked at this app ended (its refusals are in lastOffers). */
  lastPass?: Pick<RequestOutcome, 'placed' | 'wanted' | 'explanation'>;
  /**
   * Per agent, how it answered the app's last offer from it, while it refuses (Marathon's
   * lastNoMatches): one pass sees only the agents whose offers were out, so what the app
   * waits for is told over every agent's last answer, not over the last pass.
   */
  lastOffers: Map<string, RequestOutcome['refused'][number] & { at: number }>;
  /** The placement stack's reasons, in its order. */
  reasons: readonly RejectReason[];
  /** Since the app started waiting: per-reason counts over every pass (rejectSummaryLaunchAttempt). */
  launchAttempt: Map<string, RejectionSummary>;
}

/** Marathon's rejectSummaryLastOffers and the explanation, over every agent's last answer to the app. */
export function lastOffersSummary(stats: OfferStats): RefusalsSummary {
  return summarizeRefusals(stats.lastOffers.size, [...stats.lastOffers.values()].map((o) => o.rejection), stats.reasons);
}

/**
 * The launch queue: per app, the backoff delay after failures (Marathon backoff.md: a
 * failure delays the next launch by backoffSeconds × backoffFactorⁿ, up to
 * maxLaunchDelaySeconds; a new config or DELETE /v2/queue/{app}/delay resets it) and
 * the statistics of its offer matching, so /v2/queue and `dcos marathon debug` can tell
 * why an app waits. Delays end on deadline timers that call `onDelayEnded`.
 */
export class LaunchQueue {
  private readonly backoff = new Map<string, BackoffState>();
  private readonly timers = new Map<string, TimerHandle>();
  private readonly stats = new Map<string, OfferStats>();
  private readonly since = new Map<string, number>();

  constructor(private readonly clock: Clock, private readonly onDelayEnded: (appId: string) => void) {}

  isDelayed(appId: string): boolean {
    return isDelayed(this.backoff.get(appId), this.clock.now());
  }

  /** ms left of the app's delay (0 when it may launch). */
  delayLeftMs(appId: string): number {
    return Math.max(0, (this.backoff.get(appId)?.notBefore ?? 0) - this.clock.now());
  }

  /**
   * A task of the app failed: the next launch waits, longer after each failure. Failures
   * that come while the app is already delayed (tasks launched together, a launch request
   * the agent never answered: hundreds of TASK_LOST at once) are one failure, not one
   * step of backoff each, which would jump straight to maxLaunchDelaySeconds.
   */
  recordFailure(app: Pick<StoredApp, 'id' | 'backoffSeconds' | 'backoffFactor' | 'maxLaunchDelaySeconds'>): BackoffState {
    const current = this.backoff.get(app.id);
    if (current && isDelayed(current, this.clock.now())) return current;
    const next = afterFailure(current ?? noBackoff(), app, this.clock.now());
    this.backoff.set(app.id, next);
    this.timers.get(app.id)?.cancel();
    this.timers.set(app.id, setDeadlineTimer(this.clock, next.notBefore, () => {
      this.timers.delete(app.id);
      this.onDelayEnded(app.id);
    }));
    return next;
  }

  resetDelay(appId: string): void {
    this.backoff.delete(appId);
    this.timers.get(appId)?.cancel();
    this.timers.delete(appId);
  }

  /** The app waits for `count` launches (0: it waits for nothing; its statistics start over next time). */
  setWaiting(appId: string, count: number): void {
    if (count > 0) {
      if (!this.since.has(appId)) this.since.set(appId, this.clock.now());
      return;
    }
    this.since.delete(appId);
    this.stats.delete(appId);
  }

  waitingSince(appId: string): number | undefined {
    return this.since.get(appId);
  }

  /** One placement pass looked at offers for the app. */
  recordOutcome(appId: string, outcome: RequestOutcome): void {
    const now = this.clock.now();
    const s = this.stats.get(appId) ?? { processedOffersCount: 0, unusedOffersCount: 0, launchAttempt: new Map(), lastOffers: new Map(), reasons: [] };
    const unused = outcome.refused.reduce((n, r) => n + (r.took === 0 ? 1 : 0), 0);
    const next: OfferStats = {
      ...s,
      processedOffersCount: s.processedOffersCount + outcome.processed,
      unusedOffersCount: s.unusedOffersCount + unused,
      lastPass: { placed: outcome.placed, wanted: outcome.wanted, explanation: outcome.explanation },
      ...(unused > 0 ? { lastUnusedOfferAt: now } : {}),
      ...(outcome.placed > 0 ? { lastUsedOfferAt: now } : {}),
      launchAttempt: new Map(s.launchAttempt),
      reasons: outcome.summary.map((r) => r.reason),
    };
    // Every instance placed: nothing waits for an agent. Otherwise every candidate refused.
    if (outcome.placed >= outcome.wanted) next.lastOffers.clear();
    else for (const r of outcome.refused) next.lastOffers.set(r.agentId, { ...r, at: now });
    for (const r of outcome.summary) {
      const prev = next.launchAttempt.get(r.reason);
      next.launchAttempt.set(r.reason, { ...r, declined: (prev?.declined ?? 0) + r.declined, processed: (prev?.processed ?? 0) + r.processed });
    }
    this.stats.set(appId, next);
  }

  offerStats(appId: string): OfferStats | undefined {
    return this.stats.get(appId);
  }

  forget(appId: string): void {
    this.resetDelay(appId);
    this.stats.delete(appId);
    this.since.delete(appId);
  }

  stop(): void {
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }
}
