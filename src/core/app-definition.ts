import { Ajv, type ErrorObject } from 'ajv';
import { appIdProblems, normalizeAppId } from './ids.js';
import type { ValidationDetail } from './errors.js';

/**
 * The Marathon app definition (docs/docs/rest-api/public/api/v2/types/app.raml), the
 * subset this scheduler acts on. Fields it does not act on yet are kept as given, so a
 * definition round-trips unchanged.
 */
export interface PortDefinition {
  port: number;
  name?: string;
  protocol?: 'tcp' | 'udp' | 'udp,tcp';
  labels?: Record<string, string>;
}

export type KillSelection = 'YOUNGEST_FIRST' | 'OLDEST_FIRST';

export interface AppDefinition {
  id: string;
  cmd?: string | null;
  args?: string[] | null;
  instances: number;
  cpus: number;
  mem: number;
  disk: number;
  env: Record<string, string>;
  labels: Record<string, string>;
  portDefinitions: PortDefinition[];
  requirePorts: boolean;
  backoffSeconds: number;
  backoffFactor: number;
  maxLaunchDelaySeconds: number;
  taskKillGracePeriodSeconds?: number;
  killSelection: KillSelection;
  /** Set by the scheduler: ISO timestamp of the current version. */
  version?: string;
  [unsupported: string]: unknown;
}

/** Marathon's defaults (app.raml), applied to every field the user leaves out. */
export const APP_DEFAULTS = {
  instances: 1,
  cpus: 1,
  mem: 128,
  disk: 0,
  backoffSeconds: 1,
  backoffFactor: 1.15,
  maxLaunchDelaySeconds: 300,
  requirePorts: false,
  killSelection: 'YOUNGEST_FIRST' as KillSelection,
};

const stringMap = { type: 'object', additionalProperties: { type: 'string' } };

const APP_SCHEMA = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1 },
    cmd: { type: ['string', 'null'], minLength: 1 },
    args: { type: ['array', 'null'], items: { type: 'string' } },
    instances: { type: 'integer', minimum: 0 },
    cpus: { type: 'number', minimum: 0.001 },
    mem: { type: 'number', minimum: 0 },
    disk: { type: 'number', minimum: 0 },
    env: stringMap,
    labels: stringMap,
    portDefinitions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['port'],
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
    backoffSeconds: { type: 'number', minimum: 0 },
    backoffFactor: { type: 'number', minimum: 1 },
    maxLaunchDelaySeconds: { type: 'number', minimum: 0 },
    taskKillGracePeriodSeconds: { type: 'number', minimum: 0 },
    killSelection: { enum: ['YOUNGEST_FIRST', 'OLDEST_FIRST'] },
  },
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

function describe(e: ErrorObject): { path: string; message: string } {
  const base = marathonPath(e.instancePath);
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { path: base === '/' ? `/${missing}` : `${base}/${missing}`, message: 'is required' };
    }
    case 'minimum':
      return { path: base, message: `must be ${(e.params as { limit: number }).limit} or more` };
    case 'maximum':
      return { path: base, message: `must be ${(e.params as { limit: number }).limit} or less` };
    case 'type':
      return { path: base, message: `must be of type ${(e.params as { type: string | string[] }).type}` };
    case 'enum':
      return { path: base, message: `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` };
    case 'pattern':
      return { path: base, message: `must match ${(e.params as { pattern: string }).pattern}` };
    case 'minLength':
      return { path: base, message: 'must not be empty' };
    default:
      return { path: base, message: e.message ?? e.keyword };
  }
}

function collect(problems: Map<string, string[]>, path: string, message: string): void {
  const list = problems.get(path) ?? [];
  if (!list.includes(message)) list.push(message);
  problems.set(path, list);
}

/**
 * Every problem of a raw app definition, each with its path, in Marathon's 422 shape.
 * An empty list means the definition is valid.
 */
export function validateAppDefinition(raw: unknown): ValidationDetail[] {
  const problems = new Map<string, string[]>();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return [{ path: '/', errors: ['must be a JSON object'] }];
  }
  const validate = schemaValidator();
  if (!validate(raw)) {
    for (const e of validate.errors ?? []) {
      const { path, message } = describe(e);
      collect(problems, path, message);
    }
  }
  const app = raw as Record<string, unknown>;
  if (typeof app.id === 'string') {
    for (const p of appIdProblems(app.id)) collect(problems, '/id', p);
  }
  const hasCmd = typeof app.cmd === 'string' && app.cmd.length > 0;
  const hasArgs = Array.isArray(app.args) && app.args.length > 0;
  if (hasCmd && hasArgs) collect(problems, '/', "AppDefinition must contain either 'cmd' or 'args', not both");
  if (!hasCmd && !hasArgs) collect(problems, '/', "AppDefinition must contain one of 'cmd' or 'args'");
  if (Array.isArray(app.portDefinitions)) {
    const names = new Map<string, number>();
    app.portDefinitions.forEach((pd: unknown, i: number) => {
      const name = (pd as { name?: unknown })?.name;
      if (typeof name !== 'string') return;
      if (names.has(name)) collect(problems, `/portDefinitions(${i})/name`, `port names must be unique ("${name}" is used by portDefinitions(${names.get(name)}))`);
      else names.set(name, i);
    });
  }
  if (app.portDefinitions !== undefined && app.ports !== undefined) {
    collect(problems, '/', "AppDefinition must contain either 'ports' or 'portDefinitions', not both");
  }
  return [...problems.entries()].map(([path, errors]) => ({ path, errors }));
}

/**
 * Applies Marathon's defaults to a definition that passed validateAppDefinition.
 * With neither `ports` nor `portDefinitions`, an app gets one dynamic port, as in Marathon.
 */
export function normalizeAppDefinition(raw: Record<string, unknown>): AppDefinition {
  const { ports, ...rest } = raw as Record<string, unknown> & { ports?: number[] };
  const portDefinitions: PortDefinition[] =
    (rest.portDefinitions as PortDefinition[] | undefined) ??
    (ports ? ports.map((port) => ({ port, protocol: 'tcp' as const })) : [{ port: 0, name: 'default', protocol: 'tcp' }]);
  return {
    ...APP_DEFAULTS,
    ...rest,
    id: normalizeAppId(String(rest.id)),
    env: (rest.env as Record<string, string>) ?? {},
    labels: (rest.labels as Record<string, string>) ?? {},
    portDefinitions: portDefinitions.map((pd) => ({ protocol: 'tcp', ...pd })),
  } as AppDefinition;
}
