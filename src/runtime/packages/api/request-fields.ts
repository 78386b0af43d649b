import { cosmosError } from '../cosmos-error.js';

type FieldType = 'string' | 'boolean' | 'object' | 'integer';

/** A request body's fields: their type, and whether they are required. */
export type FieldSpec = Record<string, { type: FieldType; required?: boolean }>;

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
    if (found !== type && !(type === 'object' && found === 'object')) errors.push({ path: `/${field}`, message: `${field} must be ${type === 'integer' ? 'an integer' : `a ${type}`}, found ${found}` });
  }
  for (const field of Object.keys(obj)) if (!(field in spec)) errors.push({ path: `/${field}`, message: `unknown field ${field} (the fields are ${Object.keys(spec).join(', ')})` });
  if (errors.length > 0) throw cosmosError('MalformedRequest', `${what}: ${errors.map((e) => e.message).join('; ')}`, { errors });
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null)) as T;
}
