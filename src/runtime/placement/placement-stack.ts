import { countPorts, normalizeRanges, portsToRanges, type Resources } from '../../core/resources.js';
import { CandidateHeap } from './candidate-heap.js';
import { outcomeOf } from './explain.js';
import { capabilitiesStage } from './feasible/capabilities.js';
import { constraintsStage } from './feasible/constraints.js';
import { portsStage } from './feasible/ports.js';
import { shortfall } from './feasible/shortfall.js';
import { resourcesStage } from './feasible/resources.js';
import { rolesStage } from './feasible/roles.js';
import { isNormalized, pickPorts, withoutPorts } from './pick-ports.js';
import type {
  Candidate, FeasibilityStage, Placement, PlacementRequest, PlacementResult, PlacementStack, Ranker, Rejection, Remaining, RequestOutcome, StageCheck,
} from './placement.js';
import { spreadRanker } from './rank/spread.js';
import { RequestContext } from './request-context.js';

/**
 * Cheapest and most telling first: an agent of the wrong role or without the fetcher is
 * refused before its resources are counted, and constraints, which look at the app's
 * other instances, come last.
 */
export function defaultStages(): FeasibilityStage[] {
  return [rolesStage, capabilitiesStage, resourcesStage, portsStage, constraintsStage];
}

/**
 * The placement stack: requests in order, each over every candidate. A request's stages
 * are bound once, then one sweep asks every candidate through them and puts those that
 * fit into a heap by the ranker's score. Each instance pops the best, checks it again
 * (the instances placed since may have turned a constraint), takes it, and puts it back
 * with its new score if it can take another. Refusals stand (StageCheck), so a candidate
 * is refused at most once per request: a request costs O(candidates × stages + instances
 * × log candidates), never instances × candidates.
 */
export class StagedPlacementStack implements PlacementStack {
  private readonly reasons;

  constructor(
    private readonly ranker: Ranker = spreadRanker,
    private readonly stages: readonly FeasibilityStage[] = defaultStages(),
  ) {
    this.reasons = stages.flatMap((s) => s.reasons);
  }

  place(requests: PlacementRequest[], candidates: Candidate[], random: () => number): PlacementResult {
    const n = candidates.length;
    const pass: Pass = {
      candidates,
      // Ranges are replaced, never changed in place, so normalized offer ranges are shared.
      left: candidates.map(({ resources: r, gpus }) => ({
        cpus: r.cpus, mem: r.mem, disk: r.disk, ports: isNormalized(r.ports) ? r.ports : normalizeRanges(r.ports), gpus: gpus ?? 0,
      })),
      random,
      placements: [],
      heap: new CandidateHeap(n),
      last: new Array(n),
      took: new Uint32Array(n),
    };
    const outcomes = new Map<string, RequestOutcome>();
    for (const request of requests) {
      const placed = this.placeRequest(request, pass);
      outcomes.set(request.key, outcomeOf(request, candidates, { last: pass.last, took: pass.took, placed }, this.reasons));
    }
    return { placements: pass.placements, outcomes };
  }

  /** Places one request; leaves in `pass.last` and `pass.took` how each candidate ended. */
  private placeRequest(request: PlacementRequest, pass: Pass): number {
    const { candidates, left, heap, last, took } = pass;
    const ctx = new RequestContext(request);
    heap.clear();
    last.fill(undefined);
    took.fill(0);
    const checks: StageCheck[] = [];
    const refusal = (i: number, upTo = checks.length): Rejection | undefined => {
      for (let s = 0; s < upTo; s++) {
        const rejection = checks[s](candidates[i], left[i]);
        if (rejection) return rejection;
      }
      return undefined;
    };
    for (const stage of this.stages) {
      const before = checks.length;
      const reaching = () => candidates.filter((_, i) => refusal(i, before) === undefined);
      const check = stage.bind(request, ctx, reaching);
      if (check) checks.push(check);
    }
    for (let i = 0; i < candidates.length; i++) {
      const rejection = refusal(i);
      if (rejection) last[i] = rejection;
      else heap.append(i, this.ranker.score(request, candidates[i], left[i], ctx));
    }
    heap.heapify();
    let placed = 0;
    while (placed < request.count && heap.size > 0) {
      const i = heap.pop();
      const now = refusal(i);
      if (now) {
        last[i] = now;
        continue;
      }
      const placement = take(request, candidates[i], left[i], pass.random);
      if (!placement) {
        last[i] = shortfall('InsufficientPorts', 'ports', request.portCount, countPorts(left[i].ports));
        continue;
      }
      pass.placements.push(placement);
      ctx.record(candidates[i].agentId, candidates[i]);
      took[i]++;
      placed++;
      const next = refusal(i);
      if (next) last[i] = next;
      else heap.push(i, this.ranker.score(request, candidates[i], left[i], ctx));
    }
    return placed;
  }
}

/** What one pass keeps over its requests; the per-request arrays are reused, request after request. */
interface Pass {
  candidates: Candidate[];
  left: Remaining[];
  random: () => number;
  placements: Placement[];
  heap: CandidateHeap;
  last: Array<Rejection | undefined>;
  took: Uint32Array;
}

/** One instance on the candidate: host ports chosen, its exact resources subtracted from what is left. */
function take(request: PlacementRequest, candidate: Candidate, left: Remaining, random: () => number): Placement | undefined {
  // Only a stack without the ports stage gets here with too few ports.
  const ports = request.fixedPorts ? [...request.fixedPorts] : pickPorts(left.ports, request.portCount, random);
  if (!ports) return undefined;
  const resources: Resources = { cpus: request.cpus, mem: request.mem, disk: request.disk, ports: portsToRanges(ports) };
  left.cpus = less(left.cpus, request.cpus);
  left.mem = less(left.mem, request.mem);
  left.disk = less(left.disk, request.disk);
  left.gpus = less(left.gpus, request.gpus);
  if (ports.length > 0) left.ports = withoutPorts(left.ports, ports);
  const { key } = request;
  const { offerId, agentId, hostname } = candidate;
  return { key, offerId, agentId, hostname, ports, resources, gpus: request.gpus };
}

/** a − b as core/resources subtracts: never below zero, float noise rounded away. */
function less(a: number, b: number): number {
  return b === 0 ? a : Math.max(0, Math.round((a - b) * 1e6) / 1e6);
}
