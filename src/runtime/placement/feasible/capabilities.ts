import type { FeasibilityStage, Rejection } from '../placement.js';

/** Every capability the request needs (fetcher, containers, ...) must be one the agent advertises. */
export const capabilitiesStage: FeasibilityStage = {
  name: 'capabilities',
  reasons: ['MissingCapability'],
  bind({ capabilities: needed }) {
    if (needed.length === 0) return undefined;
    const byMissing = new Map<string, Rejection>();
    return ({ capabilities }) => {
      if (needed.every((c) => capabilities.has(c))) return undefined;
      const message = `agent has no ${needed.filter((c) => !capabilities.has(c)).join(', ')}`;
      let rejection = byMissing.get(message);
      if (!rejection) {
        rejection = { reason: 'MissingCapability', message, cause: message };
        byMissing.set(message, rejection);
      }
      return rejection;
    };
  },
};
