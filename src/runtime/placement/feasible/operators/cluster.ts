import { readField } from '../../fields.js';
import { refuseAll, unfulfilled, where, type Operator } from './operator.js';

/**
 * CLUSTER value: agents whose value is exactly `value` (compared as written, unlike IS:
 * Marathon does not format the constraint's value here). CLUSTER without a value: where
 * the app's first instance is; the first instance placed decides when there is none.
 */
export const cluster: Operator = ({ constraint, request, ctx }) => {
  const { value, label, field, key } = constraint;
  if (value !== undefined) {
    return {
      static: true,
      check: (agentValue) => (agentValue === value ? undefined : unfulfilled(label, `${label} (${field} is ${agentValue})`)),
    };
  }
  const first = request.existing[0];
  const fixed = first ? readField(key, first) : undefined;
  if (first && fixed === undefined) return refuseAll(unfulfilled(`${label} (the agent of the first instance has no ${field})`));
  return {
    static: false,
    check(agentValue) {
      const value = fixed ?? firstKey(ctx.valueCounts(field));
      if (value === undefined || agentValue === value) return undefined;
      return unfulfilled(`${label} (instances run ${where(constraint, value)})`, `${label} (instances run ${where(constraint, value)}; ${field} is ${agentValue} here)`);
    },
  };
};

function firstKey(counts: ReadonlyMap<string, number>): string | undefined {
  for (const value of counts.keys()) return value;
  return undefined;
}
