import { refuseAll, unfulfilled, type Operator } from './operator.js';

/**
 * LIKE and UNLIKE: Java's String.matches, so the regular expression must match the whole
 * value ("rack-1" is not LIKE "rack"); here it runs as a JavaScript RegExp anchored with
 * ^(?:…)$, which reads Marathon's usual expressions the same (classes, alternation,
 * quantifiers; not Java-only syntax such as possessive quantifiers). Without a value
 * Marathon refuses every agent. An agent without the field is UNLIKE anything
 * (constraints.ts).
 */
function matching(wanted: boolean): Operator {
  return ({ constraint }) => {
    const { value, label, field } = constraint;
    if (value === undefined) return refuseAll(unfulfilled(`${label} (needs a regular expression)`));
    let pattern: RegExp;
    try {
      pattern = new RegExp(`^(?:${value})$`);
    } catch (err) {
      return refuseAll(unfulfilled(`${label} (not a regular expression: ${(err as Error).message})`));
    }
    return {
      static: true,
      check: (agentValue) =>
        pattern.test(agentValue) === wanted ? undefined : unfulfilled(label, `${label} (${field} is ${agentValue})`),
    };
  };
}

export const like = matching(true);
export const unlike = matching(false);
