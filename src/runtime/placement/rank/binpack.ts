import type { Ranker } from '../placement.js';
import { headroom } from './headroom.js';

/** The agent with the least room left first (headroom.ts): agents fill one after the other, leaving others whole. */
export const binpackRanker: Ranker = {
  name: 'binpack',
  score: (request, _candidate, left) => headroom(request, left),
};
