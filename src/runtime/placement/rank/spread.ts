import type { Ranker } from '../placement.js';
import { headroom } from './headroom.js';

/**
 * The default: the agent with the fewest instances of the request first, then the one
 * with the most room left (headroom.ts), so instances spread over agents and each lands
 * where it crowds least.
 */
export const spreadRanker: Ranker = {
  name: 'spread',
  score: (request, candidate, left, ctx) => ctx.countOnAgent(candidate.agentId) + 1 / (1 + headroom(request, left)),
};
