import { formatIfScalar } from '../../fields.js';
import { unfulfilled, type Operator } from './operator.js';

/** IS: the agent's value equals the constraint's; a scalar value compares in Marathon's formatting ("0.80" IS "0.8"). */
export const is: Operator = ({ constraint }) => {
  const { value = '', label, field } = constraint;
  const expected = formatIfScalar(value);
  return {
    static: true,
    check: (agentValue) => (agentValue === expected ? undefined : unfulfilled(label, `${label} (${field} is ${agentValue})`)),
  };
};
