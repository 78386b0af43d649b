import type { Candidate, ExistingInstance, FeasibilityStage, PlacementRequest, Rejection, Remaining } from '../../../../src/runtime/placement/placement.js';
import { RequestContext } from '../../../../src/runtime/placement/request-context.js';

export function request(overrides: Partial<PlacementRequest> = {}): PlacementRequest {
  return {
    key: '/app', count: 1, cpus: 1, mem: 128, disk: 0, gpus: 0, portCount: 0, constraints: [],
    acceptedRoles: ['*'], capabilities: [], existing: [], ...overrides,
  };
}

/** Agent `n`: hostname 10.0.0.n, 8 cpus, 4096 MiB, ports 31000-31009 unless told otherwise. */
export function candidate(n: number, overrides: Partial<Candidate> = {}): Candidate {
  return {
    offerId: `offer-${n}`, agentId: `agent-${n}`, hostname: `10.0.0.${n}`, attributes: {}, role: '*',
    capabilities: new Set(), resources: { cpus: 8, mem: 4096, disk: 10_000, ports: [[31000, 31009]] }, ...overrides,
  };
}

export function remaining(c: Candidate): Remaining {
  return { ...c.resources, gpus: c.gpus ?? 0 };
}

/** An instance of the request already on agent n, with these attributes. */
export function instanceOn(n: number, attributes: Record<string, string> = {}): ExistingInstance {
  return { agentId: `agent-${n}`, hostname: `10.0.0.${n}`, attributes };
}

/** The stage's answer for one candidate, bound as the stack binds it (reaching: `reaching`, or just this candidate). */
export function check(stage: FeasibilityStage, req: PlacementRequest, c: Candidate, reaching: Candidate[] = [c]): Rejection | undefined {
  const bound = stage.bind(req, new RequestContext(req), () => reaching);
  return bound?.(c, remaining(c));
}

/** A seeded generator, so port choices are the same on every run. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
