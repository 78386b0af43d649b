import { cosmosError } from '../cosmos-error.js';

type FieldType = 'string' | 'boolean' | 'object' | 'integer';

/** A request body's fields: their type, and whether they are required. */
export type FieldSpec = Record<string, { type: FieldType; required?: boolean }>;

/** Names, versions, ids and URIs are short; a longer string is no use, and is not echoed back. */
const MAX_STRING_LENGTH = 4096;

const fieldList = (spec: FieldSpec) => (Object.keys(spec).length === 0 ? 'this route takes no fields' : `the fields are ${Object.keys(spec).join(', ')}`);

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

/**
 * Checks a request body against its fields, naming every problem: a missing or mistyped
 * field, and a field the route does not know (never accepted and ignored). Answers
 * MalformedRequest (400) with data.errors [{path, message}].
 */
export function checkFields<T>(body: unknown, spec: FieldSpec, what: string): T {
  if (body === undefined) body = {};
  if (typeOf(body) !== 'object') throw cosmosError('MalformedRequest', `${what}: the body must be a JSON object`, { errors: [{ path: '/', message: `expected object, found ${typeOf(body)}` }] });
  const errors: Array<{ path: string; message: string }> = [];
  const obj = body as Record<string, unknown>;
  for (const [field, { type, required }] of Object.entries(spec)) {
    const value = obj[field];
    if (value === undefined || value === null) {
      if (required) errors.push({ path: `/${field}`, message: `${field} is required` });
      continue;
    }
    const found = typeOf(value);
    if (found !== type) errors.push({ path: `/${field}`, message: `${field} must be ${type === 'integer' ? 'an integer' : `a ${type}`}, found ${found}` });
    else if (type === 'string' && ((value as string).length === 0 || (value as string).length > MAX_STRING_LENGTH)) {
      errors.push({ path: `/${field}`, message: `${field} must be 1 to ${MAX_STRING_LENGTH} characters long, found ${(value as string).length}` });
    }
  }
  // hasOwn: JSON.parse makes "__proto__" an own key, and `in` would find it on every object.
  for (const field of Object.keys(obj)) {
    if (!Object.hasOwn(spec, field)) errors.push({ path: `/${field}`, message: `unknown field ${field.slice(0, 64)} (${fieldList(spec)})` });
  }
  if (errors.length > 0) throw cosmosError('MalformedRequest', `${what}: ${errors.map((e) => e.message).join('; ')}`, { errors });
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null)) as T;
}
