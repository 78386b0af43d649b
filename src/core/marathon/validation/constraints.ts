import { normalizeConstraint } from '../normalize-app.js';
import { at, reportDuplicates, type RuleContext } from './rule-context.js';
import { arrayOf, string } from './schema-parts.js';

/** constraint.raml AppConstraint: [field, operator] or [field, operator, value]; the count is judged in code, with Marathon's message. */
export const CONSTRAINTS_SCHEMA = { constraints: arrayOf(arrayOf(string)) };

const OPERATORS = ['UNIQUE', 'CLUSTER', 'GROUP_BY', 'LIKE', 'UNLIKE', 'MAX_PER', 'IS'];
/** constraints.md: the agent's hostname, its fault domain, or an attribute (Mesos attribute names are "text": [a-zA-Z0-9_/.-]). */
const PLACES = ['hostname', '@hostname', '@region', '@zone'];
const ATTRIBUTE = /^[a-zA-Z0-9_/.-]+$/;
/** SchedulingValidationMessages.MesosLiteralOrFloatValue */
const MESOS_TEXT = /^[a-zA-Z0-9_/.-]*$/;

/** SchedulingValidation (complyWithAppConstraintRules, complyWithConstraintRules) and its messages. */
export function constraintProblems(c: string[]): string[] {
  if (c.length < 2 || c.length > 3) return ['Each constraint must have either 2 or 3 fields'];
  const [field, operator, value] = c;
  if (field === '') return ['missing field for constraint declaration'];
  const problems: string[] = [];
  if (!PLACES.includes(field) && (field.startsWith('@') || !ATTRIBUTE.test(field))) {
    problems.push(`field "${field}" is neither ${PLACES.join(', ')} nor an agent attribute name (letters, digits, "_", "/", ".", "-")`);
  }
  const op = operator.toUpperCase();
  if (!OPERATORS.includes(op)) return [...problems, 'operator must be one of the following UNIQUE, CLUSTER, GROUP_BY, LIKE, MAX_PER, UNLIKE or IS'];
  const positive = value !== undefined && /^[0-9]+$/.test(value) && Number(value) > 0 && Number(value) <= 2 ** 31 - 1;
  switch (op) {
    case 'UNIQUE':
      if (value !== undefined) problems.push('UNIQUE does not accept a value');
      break;
    case 'CLUSTER':
      // Marathon also takes CLUSTER without a value (all tasks where the first one lands); not placed here yet.
      if (!value) problems.push('CLUSTER needs a value here (the value the field must have): CLUSTER without a value is not supported');
      break;
    case 'GROUP_BY':
      if (value !== undefined && !positive) problems.push(`GROUP BY must define an integer value or else no value at all (a positive number of groups), got "${value}"`);
      break;
    case 'MAX_PER':
      if (!positive) problems.push(`MAX_PER requires an integer value (a positive number of tasks per value of the field)${value === undefined ? '' : `, got "${value}"`}`);
      break;
    case 'LIKE':
    case 'UNLIKE':
      if (!value) problems.push('LIKE and UNLIKE require a non-empty, regular expression value');
      else problems.push(...regexProblems(value));
      break;
    case 'IS':
      if (!value || !MESOS_TEXT.test(value)) {
        problems.push('IS only supports Mesos text and float values (see http://mesos.apache.org/documentation/latest/attributes-resources/)');
      }
      break;
  }
  return problems;
}

function regexProblems(pattern: string): string[] {
  try {
    new RegExp(pattern);
    return [];
  } catch (e) {
    return [`"${pattern}" is not a valid regular expression: ${(e as Error).message}`];
  }
}

/** Each constraint once (Marathon keeps a set), operators compared case-insensitively. */
export function constraintRules({ raw, problems, clean }: RuleContext): void {
  if (!clean('/constraints') || !raw.constraints) return;
  const constraints = raw.constraints;
  const valid: boolean[] = constraints.map((c, i) => {
    const found = constraintProblems(c);
    for (const p of found) problems.add(at('/constraints', i), p);
    return found.length === 0;
  });
  reportDuplicates(constraints, (c, i) => (valid[i] ? JSON.stringify(normalizeConstraint(c)) : undefined), (i, first) =>
    problems.add(at('/constraints', i), `is the same constraint as constraints(${first}): give each once`));
}
