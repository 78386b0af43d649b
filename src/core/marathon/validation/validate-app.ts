import { Ajv, type ErrorObject } from 'ajv';
import type { ValidationDetail } from '../../errors.js';
import { appIdProblems } from '../../ids.js';
import { NOT_ACTED_ON, READ_ONLY } from './app-fields.js';

/**
 * Validation of a Marathon app definition with Marathon's rules and ranges (app.raml),
 * plus what an agent would refuse at launch, so that such an app is refused here with
 * its path instead of failing at every launch. Never accept and ignore: a field this
 * scheduler does not act on is refused by name (app-fields.ts), as is an unknown one.
 */

/** RAML `format: int32`. */
const INT32_MAX = 2 ** 31 - 1;
/**
 * The largest cpus, mem or disk: far above any machine, and small enough that sums over
 * many agents keep the 0.001 precision Mesos gives scalar resources.
 */
export const MAX_SCALAR_RESOURCE = 1e12;

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const int32 = (minimum: number) => ({ type: 'integer', minimum, maximum: INT32_MAX });
const scalar = (minimum: number) => ({ type: 'number', minimum, maximum: MAX_SCALAR_RESOURCE });
const fraction = { type: 'number', minimum: 0, maximum: 1 };

/** The fields acted on; NOT_ACTED_ON and READ_ONLY ones are known too, and judged in code. */
const APP_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1 },
    cmd: { type: ['string', 'null'], minLength: 1 },
    args: { type: ['array', 'null'], items: { type: 'string' } },
    instances: int32(0),
    cpus: scalar(0.001),
    mem: scalar(0),
    disk: scalar(0),
    env: { type: 'object' },
    labels: stringMap,
    portDefinitions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['port'],
        additionalProperties: false,
        properties: {
          port: { type: 'integer', minimum: 0, maximum: 65535 },
          name: { type: 'string', pattern: '^[a-z0-9-]+$' },
          protocol: { enum: ['tcp', 'udp', 'udp,tcp'] },
          labels: stringMap,
        },
      },
    },
    ports: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 } },
    requirePorts: { type: 'boolean' },
    backoffSeconds: int32(0),
    backoffFactor: { type: 'number', minimum: 1 },
    maxLaunchDelaySeconds: int32(0),
    taskKillGracePeriodSeconds: { ...int32(0), type: ['integer', 'null'] },
    killSelection: { enum: ['YOUNGEST_FIRST', 'OLDEST_FIRST'] },
    upgradeStrategy: {
      type: 'object',
      additionalProperties: false,
      properties: { minimumHealthCapacity: fraction, maximumOverCapacity: fraction },
    },
    ...Object.fromEntries([...Object.keys(NOT_ACTED_ON), ...Object.keys(READ_ONLY)].map((k) => [k, {}])),
  },
  additionalProperties: false,
};

let compiled: ReturnType<Ajv['compile']> | undefined;
function schemaValidator(): ReturnType<Ajv['compile']> {
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile(APP_SCHEMA);
  return compiled;
}

/** Marathon writes array indexes as "(n)": /portDefinitions(0)/port. */
function marathonPath(instancePath: string): string {
  const path = instancePath.replace(/\/(\d+)(?=\/|$)/g, '($1)');
  return path === '' ? '/' : path;
}

function child(base: string, key: string): string {
  return base === '/' ? `/${key}` : `${base}/${key}`;
}

function describe(e: ErrorObject): { path: string; message: string } {
  const base = marathonPath(e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: child(base, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { path: child(base, String(params.additionalProperty)), message: 'is not a field of a Marathon app definition here (unknown field)' };
    case 'minimum':
      return { path: base, message: `must be ${params.limit} or more` };
    case 'maximum':
      return { path: base, message: `must be ${params.limit} or less` };
    case 'type':
      return { path: base, message: `must be of type ${params.type}` };
    case 'enum':
      return { path: base, message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'pattern':
      return { path: base, message: `must match ${params.pattern}` };
    case 'minLength':
      return { path: base, message: 'must not be empty' };
    default:
      return { path: base, message: e.message ?? e.keyword };
  }
}

class Problems {
  private readonly byPath = new Map<string, string[]>();

  add(path: string, message: string): void {
    const list = this.byPath.get(path) ?? [];
    if (!list.includes(message)) list.push(message);
    this.byPath.set(path, list);
  }

  list(): ValidationDetail[] {
    return [...this.byPath.entries()].map(([path, errors]) => ({ path, errors }));
  }
}

/**
 * Every problem of a raw app definition, each with its path, in Marathon's 422 shape.
 * An empty list means the definition is valid.
 */
export function validateAppDefinition(raw: unknown): ValidationDetail[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [{ path: '/', errors: ['must be a JSON object'] }];
  }
  const problems = new Problems();
  const validate = schemaValidator();
  if (!validate(raw)) {
    for (const e of validate.errors ?? []) {
      const { path, message } = describe(e);
      problems.add(path, message);
    }
  }
  const app = raw as Record<string, unknown>;
  for (const [field, rule] of Object.entries(NOT_ACTED_ON)) {
    if (field in app && !rule.accepts(app[field])) problems.add(`/${field}`, rule.refusal);
  }
  for (const [field, why] of Object.entries(READ_ONLY)) {
    if (field in app) problems.add(`/${field}`, why);
  }
  if (typeof app.id === 'string') {
    for (const p of appIdProblems(app.id)) problems.add('/id', p);
  }
  commandProblems(app, problems);
  envProblems(app.env, problems);
  portProblems(app, problems);
  nulProblems(app, '', problems);
  return problems.list();
}

function commandProblems(app: Record<string, unknown>, problems: Problems): void {
  const hasCmd = typeof app.cmd === 'string' && app.cmd.length > 0;
  const hasArgs = Array.isArray(app.args) && app.args.length > 0;
  if (hasCmd && hasArgs) problems.add('/', "AppDefinition must contain either 'cmd' or 'args', not both");
  if (!hasCmd && !hasArgs) problems.add('/', "AppDefinition must contain one of 'cmd' or 'args'");
  if (hasCmd && (app.cmd as string).trim() === '') problems.add('/cmd', 'must not be blank: /bin/sh -c would run nothing');
  if (hasArgs && (app.args as unknown[])[0] === '') problems.add('/args(0)', 'must name the program to run');
}

/**
 * Values are strings, or {secret} references, which need a secret store this cluster
 * does not have yet. Names must be representable in a process environment.
 */
function envProblems(env: unknown, problems: Problems): void {
  if (typeof env !== 'object' || env === null || Array.isArray(env)) {
    if (env !== undefined) problems.add('/env', 'must be of type object');
    return;
  }
  for (const [name, value] of Object.entries(env)) {
    const path = `/env/${name}`;
    if (name === '' || name.includes('=')) problems.add(path, 'an environment variable name must not be empty or contain "="');
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'secret' in value) {
      problems.add(path, 'secret references ({"secret": …}) are not supported yet: this cluster has no secret store');
    } else if (typeof value !== 'string') {
      problems.add(path, 'must be of type string');
    }
  }
}

function portProblems(app: Record<string, unknown>, problems: Problems): void {
  if (Array.isArray(app.portDefinitions)) {
    const names = new Map<string, number>();
    app.portDefinitions.forEach((pd: unknown, i: number) => {
      const name = (pd as { name?: unknown })?.name;
      if (typeof name !== 'string') return;
      if (names.has(name)) problems.add(`/portDefinitions(${i})/name`, `port names must be unique ("${name}" is used by portDefinitions(${names.get(name)}))`);
      else names.set(name, i);
    });
  }
  if (app.portDefinitions !== undefined && app.ports !== undefined) {
    problems.add('/', "AppDefinition must contain either 'ports' or 'portDefinitions', not both");
  }
}

/** NUL cannot pass into a command line, an environment or a file name: refused anywhere. */
function nulProblems(value: unknown, path: string, problems: Problems): void {
  if (typeof value === 'string') {
    if (value.includes('\0')) problems.add(path || '/', 'must not contain NUL characters');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulProblems(v, `${path}(${i})`, problems));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\0')) problems.add(`${path}/${k}`, 'names must not contain NUL characters');
      nulProblems(v, `${path}/${k}`, problems);
    }
  }
}
