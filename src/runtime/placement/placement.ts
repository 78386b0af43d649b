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
  /** GPUs the offer holds (core Resources has none yet, and no agent offers any); absent: 0. */
  gpus?: number;
}

/** What is left of a candidate's offer while placement decides: its resources and GPUs. */
export interface Remaining extends Resources {
  gpus: number;
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
  /**
   * The app's `instances` (Marathon's runSpec.instances): GROUP_BY divides it among the
   * groups. Absent: existing.length + count.
   */
  targetInstances?: number;
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
  /** For people, about this agent, naming the numbers: "insufficient mem (needs 512, free 256)", "hostname UNIQUE (already runs on 127.0.0.2)". */
  message: string;
  /**
   * The message without what is particular to this agent: explanations count the agents
   * refused with the same cause ("insufficient mem", "hostname UNIQUE (already runs there)").
   */
  cause: string;
  /** Shortfalls (resources, ports): what one instance needs and what this agent has free, so explanations name the largest free. */
  needs?: number;
  free?: number;
}

/** One placed instance: the offer it goes to and the exact resources it takes, ports included. */
export interface Placement {
  key: string;
  offerId: string;
  agentId: string;
  hostname: string;
  /** Host ports in the order of the app's port definitions. */
  ports: number[];
  /** Fits in the candidate's offer, beside everything else placed on it in the same pass. */
  resources: Resources;
  gpus: number;
}

/**
 * What placement knows about one request while it places it: counts include what this
 * pass placed. Fields are named as constraints name them ("hostname", "@hostname",
 * "@region", "@zone" or an attribute); every answer is O(1), kept up as instances are placed.
 */
export interface PlacementContext {
  /** Instances of the request on the agent (existing plus placed in this pass). */
  countOnAgent(agentId: string): number;
  /** Instances of the request whose agent has `value` for `field`. */
  countWithValue(field: string, value: string): number;
  /** The distinct values of `field` among the request's instances, with their counts. */
  valueCounts(field: string): ReadonlyMap<string, number>;
  /** Σ over the values of `field` of max(0, count − perValue): the instances beyond `perValue` (GROUP_BY's remainder consumed). */
  instancesBeyond(field: string, perValue: number): number;
}

/**
 * Answers for one request and one candidate: undefined when the candidate (with what is
 * left of it) can take one more instance. A refusal stands for the rest of the request's
 * placement: placing instances may turn a fit into a refusal, never the reverse (so do
 * all of Marathon's constraints, GROUP_BY as Marathon 1.10 counts it), so the stack does
 * not ask again.
 */
export type StageCheck = (candidate: Candidate, remaining: Remaining) => Rejection | undefined;

/** One feasibility rule. Stages run in the stack's order; the first rejection is the reason recorded. */
export interface FeasibilityStage {
  readonly name: string;
  /** The reasons this stage gives, in the order it tries them: the summary lists them so. */
  readonly reasons: readonly RejectReason[];
  /**
   * Binds the stage to one request for one pass, once, before any check: the place to
   * compile what the request asks (regular expressions, limits, messages). `reaching`
   * lists the candidates that passed the stages before this one (GROUP_BY without a value
   * spreads over their values); it is built only when called. undefined: the request asks
   * nothing of this stage (no constraints, no ports), so every candidate passes it.
   */
  bind(request: PlacementRequest, ctx: PlacementContext, reaching: () => readonly Candidate[]): StageCheck | undefined;
}

/**
 * Orders candidates that fit: the lowest score gets the next instance, ties going to the
 * candidate given first. A score may depend only on the candidate, what is left of it and
 * the request's instances on it (countOnAgent): the stack scores a candidate again only
 * when it takes an instance.
 */
export interface Ranker {
  readonly name: string;
  score(request: PlacementRequest, candidate: Candidate, remaining: Remaining, ctx: PlacementContext): number;
}

/**
 * Why a request's instances were not all placed, per reason, over the candidates of one
 * pass (Marathon's DeclinedOfferStep). A candidate counts once, by its last answer: one
 * that took instances and then could take no more counts as declined by what stopped it.
 */
export interface RejectionSummary {
  reason: RejectReason;
  /** Candidates refused for this reason. */
  declined: number;
  /** Candidates that reached this reason: the pass's candidates less those declined by the reasons before it. */
  processed: number;
  /** When declined > 0: the cause most of them share, with numbers ("insufficient mem (needs 512, largest free 256)"). */
  example?: string;
}

export interface RequestOutcome {
  key: string;
  wanted: number;
  placed: number;
  /** Candidates looked at in this pass. */
  processed: number;
  /**
   * Per candidate that refused, its refusal and the instances it took before it refused
   * (took 0: Marathon's unused offer). When fewer than wanted were placed, every
   * candidate refused.
   */
  refused: Array<{ offerId: string; agentId: string; hostname: string; rejection: Rejection; took: number }>;
  /** Marathon's rejectSummaryLastOffers: every reason of the stack, in stack order. */
  summary: RejectionSummary[];
  /**
   * One line for people, agents counted by cause in stack order: "3 agents: insufficient
   * mem (needs 512, largest free 256); 1 agent: hostname UNIQUE (already runs there)".
   * Empty when every instance was placed.
   */
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
