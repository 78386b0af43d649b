import type { FeasibilityStage, Rejection } from '../placement.js';

/** The offer's role must be one the request accepts (Marathon acceptedResourceRoles). */
export const rolesStage: FeasibilityStage = {
  name: 'roles',
  reasons: ['UnfulfilledRole'],
  bind({ acceptedRoles }) {
    const accepted = new Set(acceptedRoles);
    const accepts = acceptedRoles.length > 0 ? acceptedRoles.join(', ') : 'no role';
    const byRole = new Map<string, Rejection>();
    return ({ role }) => {
      if (accepted.has(role)) return undefined;
      let rejection = byRole.get(role);
      if (!rejection) {
        const message = `offers role ${role}; the app accepts ${accepts}`;
        rejection = { reason: 'UnfulfilledRole', message, cause: message };
        byRole.set(role, rejection);
      }
      return rejection;
    };
  },
};
