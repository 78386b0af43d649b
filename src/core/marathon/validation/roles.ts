import { at, type RuleContext } from './rule-context.js';
import { arrayOf, nonEmptyString, string } from './schema-parts.js';

export const ROLES_SCHEMA = {
  role: nonEmptyString,
  acceptedResourceRoles: arrayOf(string, { uniqueItems: true }),
};

/**
 * The roles this cluster's agents offer: unreserved resources ("*") and those of public
 * agents ("slave_public", runtime/master/framework-manager.ts agentRole).
 */
export const CLUSTER_ROLES = ['*', 'slave_public'];

/**
 * An app runs in one of the cluster's roles and accepts offers of any of them: as in
 * DC/OS, where Marathon subscribes to both "*" and "slave_public", an app with
 * acceptedResourceRoles ["slave_public"] (marathon-lb's package) runs on public agents
 * without naming a role. An empty list would accept none.
 */
export function roleRules({ raw, problems, clean }: RuleContext): void {
  if (!clean('/role')) return;
  const role = raw.role ?? '*';
  if (!CLUSTER_ROLES.includes(role)) {
    problems.add('/role', `"${role}" is not a role this cluster's agents offer: use "*" (unreserved resources) or "slave_public" (public agents)`);
    return;
  }
  if (!clean('/acceptedResourceRoles') || !raw.acceptedResourceRoles) return;
  const allowed = CLUSTER_ROLES;
  if (raw.acceptedResourceRoles.length === 0) problems.add('/acceptedResourceRoles', `must not be empty: use ${JSON.stringify(allowed)} or leave it out`);
  raw.acceptedResourceRoles.forEach((r, i) => {
    if (!allowed.includes(r)) {
      problems.add(at('/acceptedResourceRoles', i), `acceptedResourceRoles can only contain the roles this cluster's agents offer (${allowed.join(' and ')}), got "${r}"`);
    }
  });
}
