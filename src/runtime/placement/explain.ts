import { amount } from './feasible/shortfall.js';
import type { Candidate, PlacementRequest, RejectReason, Rejection, RejectionSummary, RequestOutcome } from './placement.js';

/** How one request's pass ended on each candidate: its last refusal (if any) and the instances it took. */
export interface PassRecord {
  last: ReadonlyArray<Rejection | undefined>;
  took: ArrayLike<number>;
  placed: number;
}

/** What the candidates' last refusals come to: Marathon's per-reason summary and one line for people. */
export interface RefusalsSummary {
  summary: RejectionSummary[];
  /** "3 agents: insufficient mem (needs 512, largest free 256); 1 agent: hostname UNIQUE (already runs there)" */
  explanation: string;
}

interface CauseGroup {
  reason: RejectReason;
  cause: string;
  agents: number;
  needs?: number;
  largestFree: number;
}

/**
 * The outcome of one request: Marathon's rejectSummaryLastOffers over `reasons` (the
 * stack's, in order), the candidates that refused with their refusal, and the
 * explanation that counts agents by cause.
 */
export function outcomeOf(request: PlacementRequest, candidates: readonly Candidate[], pass: PassRecord, reasons: readonly RejectReason[]): RequestOutcome {
  const refused: RequestOutcome['refused'] = [];
  const refusals: Rejection[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const rejection = pass.last[i];
    if (!rejection) continue;
    const { offerId, agentId, hostname } = candidates[i];
    refused.push({ offerId, agentId, hostname, rejection, took: pass.took[i] });
    refusals.push(rejection);
  }
  const { summary, explanation } = summarizeRefusals(candidates.length, refusals, reasons);
  return {
    key: request.key,
    wanted: request.count,
    placed: pass.placed,
    processed: candidates.length,
    refused,
    summary,
    explanation: pass.placed >= request.count ? '' : explanation,
  };
}

/** Summarizes the refusals of `processed` candidates (those not in `refusals` refused nothing). */
export function summarizeRefusals(processed: number, refusals: Iterable<Rejection>, reasons: readonly RejectReason[]): RefusalsSummary {
  // By reason, then by cause: causes are mostly the same string objects, so lookups hash nothing new.
  const groups = new Map<RejectReason, Map<string, CauseGroup>>();
  for (const rejection of refusals) {
    let ofReason = groups.get(rejection.reason);
    if (!ofReason) groups.set(rejection.reason, (ofReason = new Map()));
    const group = ofReason.get(rejection.cause);
    if (group) {
      group.agents++;
      if (rejection.free !== undefined && rejection.free > group.largestFree) group.largestFree = rejection.free;
    } else {
      ofReason.set(rejection.cause, { reason: rejection.reason, cause: rejection.cause, agents: 1, needs: rejection.needs, largestFree: rejection.free ?? 0 });
    }
  }
  const order = (reason: RejectReason) => (reasons.includes(reason) ? reasons.indexOf(reason) : reasons.length);
  const sorted = [...groups.values()].flatMap((g) => [...g.values()]).sort((a, b) => order(a.reason) - order(b.reason) || b.agents - a.agents);
  return { summary: summarize(processed, sorted, reasons), explanation: explain(processed, sorted) };
}

function summarize(processed: number, sorted: readonly CauseGroup[], reasons: readonly RejectReason[]): RejectionSummary[] {
  let reaching = processed;
  return reasons.map((reason) => {
    const own = sorted.filter((g) => g.reason === reason);
    const declined = own.reduce((n, g) => n + g.agents, 0);
    const step: RejectionSummary = { reason, declined, processed: reaching, ...(own.length > 0 ? { example: text(own[0]) } : {}) };
    reaching -= declined;
    return step;
  });
}

function explain(candidates: number, sorted: readonly CauseGroup[]): string {
  if (candidates === 0) return 'no agent offers resources';
  return sorted.map((g) => `${g.agents} agent${g.agents === 1 ? '' : 's'}: ${text(g)}`).join('; ');
}

function text(g: CauseGroup): string {
  return g.needs === undefined ? g.cause : `${g.cause} (needs ${amount(g.needs)}, largest free ${amount(g.largestFree)})`;
}
