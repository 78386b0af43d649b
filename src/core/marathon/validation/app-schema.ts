import { Ajv, type ErrorObject } from 'ajv';
import { APP_CHECK_SCHEMA } from './app-check.js';
import { COMMAND_SCHEMA } from './command.js';
import { CONSTRAINTS_SCHEMA } from './constraints.js';
import { CONTAINER_SCHEMA } from './container.js';
import { DEPENDENCIES_SCHEMA } from './dependencies.js';
import { ENV_SCHEMA } from './env.js';
import { FETCH_SCHEMA } from './fetch.js';
import { HEALTH_CHECKS_SCHEMA } from './health-checks.js';
import { LABELS_SCHEMA } from './labels.js';
import { NETWORKS_SCHEMA } from './networks.js';
import { PORTS_SCHEMA } from './ports.js';
import { READINESS_CHECKS_SCHEMA } from './readiness-checks.js';
import { READ_ONLY_FIELDS, REFUSED_FIELDS } from './refused-fields.js';
import { RESOURCES_SCHEMA } from './resources.js';
import { ROLES_SCHEMA } from './roles.js';
import { at } from './rule-context.js';
import { inCode, nonEmptyString, UNION_MESSAGE } from './schema-parts.js';
import { STRATEGIES_SCHEMA } from './strategies.js';

/**
 * The shapes, types and ranges of an app definition (app.raml and the types it uses),
 * one JSON Schema made of each rule family's part. Refused and read-only fields are
 * known here and judged in code; any other field is unknown and refused.
 */
export const APP_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: {
    id: nonEmptyString,
    ...COMMAND_SCHEMA,
    ...RESOURCES_SCHEMA,
    ...ENV_SCHEMA,
    ...LABELS_SCHEMA,
    ...CONSTRAINTS_SCHEMA,
    ...ROLES_SCHEMA,
    ...PORTS_SCHEMA,
    ...FETCH_SCHEMA,
    ...HEALTH_CHECKS_SCHEMA,
    ...APP_CHECK_SCHEMA,
    ...READINESS_CHECKS_SCHEMA,
    ...STRATEGIES_SCHEMA,
    ...DEPENDENCIES_SCHEMA,
    ...CONTAINER_SCHEMA,
    ...NETWORKS_SCHEMA,
    ...Object.fromEntries([...Object.keys(REFUSED_FIELDS), ...Object.keys(READ_ONLY_FIELDS)].map((k) => [k, inCode])),
  },
  additionalProperties: false,
};

let compiled: ReturnType<Ajv['compile']> | undefined;

export interface SchemaProblem {
  path: string;
  message: string;
}

/** Every shape problem of `raw`, at Marathon's paths. */
export function schemaProblems(raw: unknown): SchemaProblem[] {
  compiled ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(APP_SCHEMA);
  if (compiled(raw)) return [];
  return (compiled.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => describe(e, raw));
}

/** Marathon's path of an ajv instancePath: a key below an object after "/", an array index as "(n)". */
function marathonPath(instancePath: string, raw: unknown): string {
  let path = '';
  let value = raw;
  for (const segment of instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (Array.isArray(value)) {
      path = at(path, Number(segment));
      value = value[Number(segment)];
    } else {
      path = at(path, segment);
      value = (value as Record<string, unknown> | undefined)?.[segment];
    }
  }
  return path === '' ? '/' : path;
}

/** The message of a union's parts (schema-parts.ts union), which says every shape the value may take. */
function shapeOf(e: ErrorObject): string | undefined {
  return (e.parentSchema as { [UNION_MESSAGE]?: string } | undefined)?.[UNION_MESSAGE];
}

function describe(e: ErrorObject, raw: unknown): SchemaProblem {
  const path = marathonPath(e.instancePath, raw);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: at(path, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: at(path, String(params.additionalProperty)), message: 'is not a field of a Marathon app definition here (unknown field)' };
    case 'minimum':
      return { path, message: `must be ${params.limit} or more` };
    case 'maximum':
      return { path, message: `must be ${params.limit} or less` };
    case 'type':
      return { path, message: shapeOf(e) ?? `must be of type ${params.type}` };
    case 'enum':
      return { path, message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'const':
      return { path, message: shapeOf(e) ?? `must be ${JSON.stringify(params.allowedValue)}` };
    case 'pattern':
      return { path, message: `must match ${params.pattern}` };
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'maxLength':
      return { path, message: `must be at most ${params.limit} characters long` };
    case 'minItems':
      return { path, message: 'must not be empty' };
    case 'uniqueItems':
      return { path: at(path, Number(params.j)), message: `repeats item (${params.i}): give each once` };
    default:
      return { path, message: e.message ?? e.keyword };
  }
}
