/**
 * Placement: which offers get which pending instances. Shared by every scheduler (the
 * services scheduler now, the jobs scheduler later). A stack of small feasibility
 * stages (one per file in feasible/) answers, for a request and an agent, "fits" or a
 * reason; a ranker (rank/) orders the agents that fit. Every rejection is kept, so
 * /v2/queue and `dcos marathon debug` can say why an app waits instead of leaving
 * people to guess.
 *
 * Placement is pure: no clock, no I/O; randomness (host port choice) is injected.
 */
import type { Constraint } from '../../core/marathon/app-definition.js';
import type { PortRange, Resources } from '../../core/resources.js';

/** One agent's offer as placement sees it. */
export interface Candidate {
  offerId: string;
  agentId: string;
  hostname: string;
  attributes: Readonly<Record<string, string>>;
  /** Role of the offered resources ('*' or e.g. 'slave_public'). */
  role: string;
  capabilities: ReadonlySet<string>;
  /** Everything the offer holds; placement subtracts what it places from its own copy. */
  resources: Resources;
}

/** Where an instance of a request already runs (or is being launched): what constraints count. */
export interface ExistingInstance {
  agentId: string;
  hostname: string;
  attributes: Readonly<Record<string, string>>;
}

/** N identical instances to place (one app's launches in one round). */
export interface PlacementRequest {
  /** The app (or job run) id; requests are placed in the order given. */
  key: string;
  count: number;
  cpus: number;
  mem: number;
  disk: number;
  gpus: number;
  /** requirePorts: exactly these host ports; otherwise `portCount` ports picked from the offer. */
  fixedPorts?: number[];
  portCount: number;
  constraints: Constraint[];
  /** Offers of these roles only (Marathon acceptedResourceRoles). */
  acceptedRoles: string[];
  /** Capabilities the agent must advertise (fetcher, containers, ...). */
  capabilities: string[];
  /** The request's instances that already hold an agent, for UNIQUE, GROUP_BY, MAX_PER, CLUSTER. */
  existing: ExistingInstance[];
}

/**
 * Marathon's NoOfferMatchReason names (core/launcher/impl/NoOfferMatchReason.scala), so
 * /v2/queue reads as Marathon's; MissingCapability is this project's (an agent without
 * the fetcher or container runtime the app needs).
 */
export type RejectReason =
  | 'UnfulfilledRole'
  | 'UnfulfilledConstraint'
  | 'InsufficientCpus'
  | 'InsufficientMemory'
  | 'InsufficientDisk'
  | 'InsufficientGpus'
  | 'InsufficientPorts'
  | 'MissingCapability';

export interface Rejection {
  reason: RejectReason;
  /** For people, naming the numbers: "insufficient mem (needs 512, free 256)", "hostname UNIQUE (already runs on 127.0.0.2)". */
  message: string;
}

/** One placed instance: the offer it goes to and the exact resources it takes, ports included. */
export interface Placement {
  key: string;
  offerId: string;
  agentId: string;
  hostname: string;
  /** Host ports in the order of the app's port definitions. */
  ports: number[];
  resources: Resources;
}

/** What placement needs to know while it decides: counts include what this pass placed. */
export interface PlacementContext {
  /** Instances of the request on the agent (existing plus placed in this pass). */
  countOnAgent(agentId: string): number;
  /** Instances of the request whose agent has `value` for `field` ("hostname" or an attribute name). */
  countWithValue(field: string, value: string): number;
  /** The distinct values of `field` among the request's instances, with their counts. */
  valueCounts(field: string): ReadonlyMap<string, number>;
  /** Values of `field` across all candidates of this pass (GROUP_BY spreads over them). */
  candidateValues(field: string): ReadonlySet<string>;
}

/** One feasibility rule. Stages run in the stack's order; the first rejection is the reason recorded. */
export interface FeasibilityStage {
  readonly name: string;
  /** undefined when `candidate` (with what is left of it) can take one more instance of `request`. */
  check(request: PlacementRequest, candidate: Candidate, remaining: Resources, ctx: PlacementContext): Rejection | undefined;
}

/** Orders candidates that fit: the lowest score gets the next instance. */
export interface Ranker {
  readonly name: string;
  score(request: PlacementRequest, candidate: Candidate, remaining: Resources, ctx: PlacementContext): number;
}

/** Why a request's instances were not all placed, per reason, over the candidates of one pass. */
export interface RejectionSummary {
  reason: RejectReason;
  /** Candidates refused for this reason. */
  declined: number;
  /** Candidates this stage looked at. */
  processed: number;
  /** The message of one of them, with numbers ("needs 512, largest free 256" for resources). */
  example: string;
}

export interface RequestOutcome {
  key: string;
  wanted: number;
  placed: number;
  /** Candidates looked at in this pass. */
  processed: number;
  /** Per candidate that took nothing: its first rejection. */
  unused: Array<{ offerId: string; agentId: string; hostname: string; rejection: Rejection }>;
  /** Marathon's rejectSummaryLastOffers, stage by stage in stack order. */
  summary: RejectionSummary[];
  /** One line for people: "3 agents: insufficient mem (needs 512, largest free 256); 1 agent: hostname UNIQUE". */
  explanation: string;
}

export interface PlacementResult {
  placements: Placement[];
  outcomes: Map<string, RequestOutcome>;
}

export interface PlacementStack {
  /**
   * Places up to each request's count on the candidates, requests in order, without
   * exceeding any candidate's resources. Pure but for `random` (host port choice).
   */
  place(requests: PlacementRequest[], candidates: Candidate[], random: () => number): PlacementResult;
}

export type { PortRange };
