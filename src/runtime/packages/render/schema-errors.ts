/**
 * ajv's errors told as fge's ProcessingMessages (what Cosmos puts in JsonSchemaMismatch's
 * data.errors): one message per failing keyword and instance, fge's wording, and fge's
 * argument keys (`missing`/`required`, `found`/`expected`, `unwanted`, `minimum`, …) so a
 * client that formats them (the legacy Python CLI) prints what it printed against Cosmos.
 * ajv says one error per missing or unwanted property; fge says one per object, so those
 * are grouped. Beyond fge, `description` is the option's description from config.json.
 */
import type { ErrorObject } from 'ajv';
import type { SchemaError } from '../../../api/cosmos-types.js';
import { isJsonObject } from './options.js';

const compact = (value: unknown) => JSON.stringify(value);

/** fge's NodeType of a JSON value: integral numbers are "integer". */
export function fgeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** The pointer of the schema that holds the keyword: ajv's schemaPath without "#" and the keyword. */
function schemaPointer(error: ErrorObject): string {
  const path = error.schemaPath.startsWith('#') ? error.schemaPath.slice(1) : error.schemaPath;
  return path.slice(0, path.lastIndexOf('/'));
}

function describe(schema: unknown): string | undefined {
  return isJsonObject(schema) && typeof schema.description === 'string' ? schema.description : undefined;
}

/** The descriptions of some properties of an object schema: one alone, several as "name: description; …". */
function describeProperties(objectSchema: unknown, names: string[]): string | undefined {
  const properties = isJsonObject(objectSchema) && isJsonObject(objectSchema.properties) ? objectSchema.properties : {};
  const described = names.flatMap((name) => {
    const description = describe(properties[name]);
    return description === undefined ? [] : [{ name, description }];
  });
  if (described.length === 0) return undefined;
  if (names.length === 1) return described[0].description;
  return described.map(({ name, description }) => `${name}: ${description}`).join('; ');
}

function base(error: ErrorObject, keyword: string, message: string): SchemaError {
  return {
    level: 'error',
    schema: { loadingURI: '#', pointer: schemaPointer(error) },
    instance: { pointer: error.instancePath },
    domain: 'validation',
    keyword,
    message,
  };
}

function typeError(error: ErrorObject): SchemaError {
  const declared = isJsonObject(error.parentSchema) ? error.parentSchema.type : undefined;
  const expected = (Array.isArray(declared) ? declared.map(String) : [String(declared ?? error.params.type)]).sort();
  const found = fgeType(error.data);
  const message = `instance type (${found}) does not match any allowed primitive type (allowed: ${compact(expected)})`;
  return { ...base(error, 'type', message), found, expected };
}

function boundError(error: ErrorObject): SchemaError {
  const limit = Number(error.params.limit);
  const found = Number(error.data);
  const exclusive = error.params.comparison === '<' || error.params.comparison === '>';
  if (error.keyword === 'minimum') {
    const message = exclusive
      ? `numeric instance is not strictly greater than the required minimum ${limit}`
      : `numeric instance is lower than the required minimum (minimum: ${limit}, found: ${found})`;
    return { ...base(error, 'minimum', message), minimum: limit, found };
  }
  const message = exclusive
    ? `numeric instance is not strictly lower than the required maximum ${limit}`
    : `numeric instance is greater than the required maximum (maximum: ${limit}, found: ${found})`;
  return { ...base(error, 'maximum', message), maximum: limit, found };
}

/** fge's message for the keywords no client reads arguments of; ajv's own message for the rest. */
function otherMessage(error: ErrorObject): string {
  const { params, data } = error;
  const length = (value: unknown) => (typeof value === 'string' ? [...value].length : Array.isArray(value) ? value.length : 0);
  switch (error.keyword) {
    case 'minLength': return `string ${compact(data)} is too short (length: ${length(data)}, required minimum: ${params.limit})`;
    case 'maxLength': return `string ${compact(data)} is too long (length: ${length(data)}, maximum allowed: ${params.limit})`;
    case 'minItems': return `array is too short: must have at least ${params.limit} elements but instance has ${length(data)} elements`;
    case 'maxItems': return `array is too long: must have at most ${params.limit} elements but instance has ${length(data)} elements`;
    case 'uniqueItems': return 'array must not contain duplicate elements';
    case 'multipleOf': return `remainder of division is not zero (${compact(data)} / ${params.multipleOf})`;
    case 'minProperties': return `object has too few properties (found ${Object.keys(data as object).length}, required minimum ${params.limit})`;
    case 'maxProperties': return `object has too many properties (found ${Object.keys(data as object).length}, maximum allowed ${params.limit})`;
    case 'anyOf': return `instance failed to match at least one required schema among ${(error.schema as unknown[]).length}`;
    case 'oneOf': return `instance failed to match exactly one schema (matched ${(params.passingSchemas as number[] | null)?.length ?? 0} out of ${(error.schema as unknown[]).length})`;
    case 'not': return 'instance matched a schema which it should not have';
    default: return error.message ?? `failed keyword ${error.keyword}`;
  }
}

/** The keywords ajv reports once per property and fge once per object (and property, for dependencies). */
const GROUPED = new Set(['required', 'additionalProperties', 'dependencies']);

/** Every failure ajv found, as fge-shaped messages, in ajv's order. */
export function toSchemaErrors(errors: ErrorObject[]): SchemaError[] {
  const slots: Array<SchemaError | { error: ErrorObject; names: string[] }> = [];
  const groups = new Map<string, { error: ErrorObject; names: string[] }>();
  for (const error of errors) {
    const name = (error.params.missingProperty ?? error.params.additionalProperty) as string | undefined;
    if (name === undefined || !GROUPED.has(error.keyword)) {
      slots.push(single(error));
      continue;
    }
    const key = `${error.schemaPath} ${error.instancePath} ${error.params.property ?? ''}`;
    const group = groups.get(key);
    if (group) group.names.push(name);
    else {
      const created = { error, names: [name] };
      groups.set(key, created);
      slots.push(created);
    }
  }
  return slots.map((slot) => ('names' in slot ? groupedError(slot.error, slot.names) : slot));
}

function single(error: ErrorObject): SchemaError {
  const description = describe(error.parentSchema);
  const withDescription = (e: SchemaError) => (description === undefined ? e : { ...e, description });
  switch (error.keyword) {
    case 'type': return withDescription(typeError(error));
    case 'minimum':
    case 'maximum': return withDescription(boundError(error));
    case 'enum': {
      const allowed = error.params.allowedValues as unknown[];
      const message = `instance value (${compact(error.data)}) not found in enum (possible values: ${compact(allowed)})`;
      return withDescription({ ...base(error, 'enum', message), enum: allowed });
    }
    case 'pattern': {
      const pattern = String(error.params.pattern);
      const message = `ECMA 262 regex ${compact(pattern)} does not match input string ${compact(error.data)}`;
      return withDescription({ ...base(error, 'pattern', message), pattern });
    }
    default: return withDescription(base(error, error.keyword, otherMessage(error)));
  }
}

function groupedError(error: ErrorObject, names: string[]): SchemaError {
  const parent = error.parentSchema;
  if (error.keyword === 'additionalProperties') {
    const unwanted = [...names].sort();
    const message = `object instance has properties which are not allowed by the schema: ${compact(unwanted)}`;
    const description = describe(parent);
    return { ...base(error, 'additionalProperties', message), unwanted, ...(description === undefined ? {} : { description }) };
  }
  const missing = [...names].sort();
  const description = describeProperties(parent, missing);
  const withDescription = (e: SchemaError) => (description === undefined ? e : { ...e, description });
  if (error.keyword === 'dependencies') {
    const property = String(error.params.property);
    const required = [...(error.schema as Record<string, string[]>)[property]].sort();
    const message = `property ${compact(property)} of object has missing property dependencies (schema requires ${compact(required)}; missing: ${compact(missing)})`;
    return withDescription({ ...base(error, 'dependencies', message), required, missing });
  }
  const required = [...(error.schema as string[])].sort();
  const message = `object has missing required properties (${compact(missing)})`;
  return withDescription({ ...base(error, 'required', message), required, missing });
}
