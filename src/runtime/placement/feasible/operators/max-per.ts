import { refuseAll, scalaInt, unfulfilled, where, type Operator } from './operator.js';

/** MAX_PER n: fewer than n instances on agents with the agent's value. */
export const maxPer: Operator = ({ constraint, ctx }) => {
  const { value, label, field } = constraint;
  const limit = scalaInt(value);
  if (limit === undefined) {
    return refuseAll(unfulfilled(`${label} (the limit ${value === undefined ? 'is missing' : `"${value}" is not an integer`})`));
  }
  const cause = `${label} (reached)`;
  return {
    static: false,
    check(agentValue) {
      const count = ctx.countWithValue(field, agentValue);
      return count < limit ? undefined : unfulfilled(cause, `${label} (${count} already run ${where(constraint, agentValue)})`);
    },
  };
};
