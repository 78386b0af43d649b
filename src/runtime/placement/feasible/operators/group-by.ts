import { scalaInt, unfulfilled, type Operator } from './operator.js';

const INT_MAX = 2 ** 31 - 1;

/**
 * GROUP_BY: the app's instances spread evenly over the values of the field, as
 * Marathon 1.10 counts it (Constraints.scala checkGroupBy, "Allow GROUP_BY to
 * preemptively scale up"): with T instances wanted over G groups, a value may hold
 * T / G instances, and the remainder T % G values one more; a value not used yet is
 * taken while fewer than G values are used. Placing the instances of a pass in any
 * order so ends even, and a refusal stands (a count only grows).
 *
 * G is the constraint's value ("inf": 2^31 − 1; not a number: none). Without a value,
 * where Marathon's code divides by zero, G is the number of values seen: those of the
 * candidates that could take an instance (see OperatorInput.seenValues) and those of the
 * existing instances, as docs/constraints.md describes Marathon discovering values from
 * offers. The docs' older wording (the value is a minimum and more values may be used;
 * a second instance waits until G values hold one) describes Marathon before 1.10.
 * Instances on agents without the field belong to no group here (Marathon counts them
 * as one more).
 */
export const groupBy: Operator = ({ constraint, request, ctx, seenValues }) => {
  const { value, label, field } = constraint;
  const asked = value === 'inf' ? INT_MAX : Math.max(0, scalaInt(value) ?? 0);
  let bounds: { groups: number; perGroup: number; remainder: number; cause: string } | undefined;
  const bind = () => {
    const groups = asked > 0 ? asked : Math.max(1, seenValues().size);
    const total = request.targetInstances ?? request.existing.length + request.count;
    const perGroup = Math.floor(total / groups);
    const remainder = total % groups;
    const each = remainder > 0 ? `${perGroup} or ${perGroup + 1}` : `${perGroup}`;
    return { groups, perGroup, remainder, cause: `${label} (${total} instances over ${groups} values: ${each} each)` };
  };
  return {
    static: false,
    check(agentValue) {
      const b = (bounds ??= bind());
      const count = ctx.countWithValue(field, agentValue);
      if (count === 0) {
        if (ctx.valueCounts(field).size < b.groups) return undefined;
        return unfulfilled(`${label} (instances already on ${b.groups} values)`, `${label} (instances already on ${b.groups} values; ${field} ${agentValue} is not one)`);
      }
      if (count < b.perGroup) return undefined;
      if (count === b.perGroup && b.remainder - ctx.instancesBeyond(field, b.perGroup) > 0) return undefined;
      return unfulfilled(b.cause, `${b.cause.slice(0, -1)}; ${agentValue} holds ${count})`);
    },
  };
};
