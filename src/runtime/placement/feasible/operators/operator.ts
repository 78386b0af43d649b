import type { PlacementContext, PlacementRequest, Rejection } from '../../placement.js';
import { HOSTNAME, type FieldKey } from '../../fields.js';

/** One constraint of a request, as written and as read. */
export interface ConstraintSpec {
  /** As the app names it: "hostname", "@zone", "rack". */
  field: string;
  key: FieldKey;
  operator: string;
  /** Absent or "" in the app: undefined (Marathon reads both as no value). */
  value: string | undefined;
  /** "rack GROUP_BY 3": how messages name the constraint. */
  label: string;
}

export interface OperatorInput {
  constraint: ConstraintSpec;
  request: PlacementRequest;
  ctx: PlacementContext;
  /**
   * The values of the field on the candidates that reach the constraints stage and pass
   * the request's static constraints, and on the request's existing instances: the
   * groups GROUP_BY without a value spreads over (Marathon discovers them from offers).
   */
  seenValues: () => ReadonlySet<string>;
}

/** A constraint bound to one request: it sees only agents that have the field (constraints.ts answers for the others). */
export interface BoundOperator {
  /** Answers from the agent's value alone, whatever the instances (LIKE, UNLIKE, IS, CLUSTER with a value). */
  static: boolean;
  check(value: string): Rejection | undefined;
}

export type Operator = (input: OperatorInput) => BoundOperator;

export function unfulfilled(cause: string, message = cause): Rejection {
  return { reason: 'UnfulfilledConstraint', message, cause };
}

/** An operator that refuses every agent, for a constraint that cannot be met as written (Marathon fails the match too). */
export function refuseAll(rejection: Rejection): BoundOperator {
  return { static: true, check: () => rejection };
}

/** Where an instance is, in words: "on 10.0.0.1" for the hostname, "where rack is r1" for an attribute. */
export function where(constraint: ConstraintSpec, value: string): string {
  return constraint.key === HOSTNAME ? `on ${value}` : `where ${constraint.field} is ${value}`;
}

/** Scala's String.toInt, as Marathon reads MAX_PER and GROUP_BY values: undefined when it would throw. */
export function scalaInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^[+-]?[0-9]+$/.test(value)) return undefined;
  const n = Number(value);
  return Math.abs(n) <= 2 ** 31 - 1 || n === -(2 ** 31) ? n : undefined;
}
