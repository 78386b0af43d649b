import type { ConstraintOperator } from '../../../core/marathon/app-definition.js';
import { fieldKey, readField } from '../fields.js';
import type { Candidate, FeasibilityStage, PlacementContext, PlacementRequest, Rejection } from '../placement.js';
import { cluster } from './operators/cluster.js';
import { groupBy } from './operators/group-by.js';
import { is } from './operators/is.js';
import { like, unlike } from './operators/like.js';
import { maxPer } from './operators/max-per.js';
import { refuseAll, unfulfilled, type BoundOperator, type ConstraintSpec, type Operator } from './operators/operator.js';
import { unique } from './operators/unique.js';

const OPERATORS: Record<ConstraintOperator, Operator> = {
  UNIQUE: unique,
  CLUSTER: cluster,
  GROUP_BY: groupBy,
  LIKE: like,
  UNLIKE: unlike,
  MAX_PER: maxPer,
  IS: is,
};

interface Bound {
  spec: ConstraintSpec;
  operator: BoundOperator;
  /** Marathon: an agent without the field meets UNLIKE and no other operator. */
  missing: Rejection | undefined;
}

/**
 * Marathon's placement constraints (docs/docs/constraints.md, mesos/Constraints.scala),
 * one operator per file in operators/; fields are read as fields.ts says. Constraints
 * are tried in the app's order; the first unmet one is the reason.
 */
export const constraintsStage: FeasibilityStage = {
  name: 'constraints',
  reasons: ['UnfulfilledConstraint'],
  bind(request, ctx, reaching) {
    if (request.constraints.length === 0) return undefined;
    const bound: Bound[] = [];
    const seen = new Map<string, ReadonlySet<string>>();
    const seenValues = (spec: ConstraintSpec) => () => {
      let values = seen.get(spec.key);
      if (!values) seen.set(spec.key, (values = valuesSeen(spec, request, reaching(), bound)));
      return values;
    };
    for (const [field, operator, raw] of request.constraints) {
      const value = raw === undefined || raw === '' ? undefined : raw;
      const spec: ConstraintSpec = { field, key: fieldKey(field), operator, value, label: [field, operator, value].filter(Boolean).join(' ') };
      bound.push({
        spec,
        operator: bindOperator(spec, request, ctx, seenValues(spec)),
        missing: operator === 'UNLIKE' ? undefined : unfulfilled(`${spec.label} (agent has no attribute ${spec.key})`),
      });
    }
    return (candidate) => {
      for (const { spec, operator, missing } of bound) {
        const value = readField(spec.key, candidate);
        const rejection = value === undefined ? missing : operator.check(value);
        if (rejection) return rejection;
      }
      return undefined;
    };
  },
};

function bindOperator(spec: ConstraintSpec, request: PlacementRequest, ctx: PlacementContext, seenValues: () => ReadonlySet<string>): BoundOperator {
  const operator = Object.hasOwn(OPERATORS, spec.operator) ? OPERATORS[spec.operator as ConstraintOperator] : undefined;
  if (!operator) return refuseAll(unfulfilled(`${spec.label} (unknown operator)`));
  const bound = operator({ constraint: spec, request, ctx, seenValues });
  return bound.static ? byValue(bound) : bound;
}

/** A static operator answers once per value: a pass has few distinct zones or racks and many agents. */
function byValue(operator: BoundOperator): BoundOperator {
  const answers = new Map<string, Rejection | undefined>();
  return {
    static: true,
    check(value) {
      if (answers.has(value)) return answers.get(value);
      const answer = operator.check(value);
      answers.set(value, answer);
      return answer;
    },
  };
}

/** The values of the field that GROUP_BY may use: of candidates the static constraints let through, and of existing instances. */
function valuesSeen(spec: ConstraintSpec, request: PlacementRequest, reaching: readonly Candidate[], bound: readonly Bound[]): Set<string> {
  const statics = bound.filter((b) => b.operator.static);
  const values = new Set<string>();
  next: for (const candidate of reaching) {
    const value = readField(spec.key, candidate);
    if (value === undefined) continue;
    for (const b of statics) if (!passes(b, candidate)) continue next;
    values.add(value);
  }
  for (const instance of request.existing) {
    const value = readField(spec.key, instance);
    if (value !== undefined) values.add(value);
  }
  return values;
}

function passes({ spec, operator, missing }: Bound, candidate: Candidate): boolean {
  const value = readField(spec.key, candidate);
  return value === undefined ? missing === undefined : operator.check(value) === undefined;
}
