import { unfulfilled, where, type Operator } from './operator.js';

/** UNIQUE: no instance of the app on an agent with the same value (a value on UNIQUE is refused by validation, as Marathon does). */
export const unique: Operator = ({ constraint, ctx }) => {
  const cause = `${constraint.label} (already runs there)`;
  return {
    static: false,
    check: (value) =>
      ctx.countWithValue(constraint.field, value) === 0
        ? undefined
        : unfulfilled(cause, `${constraint.label} (already runs ${where(constraint, value)})`),
  };
};
