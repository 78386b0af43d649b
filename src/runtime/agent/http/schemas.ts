import { MAX_TIMER_MS } from '../../../core/clock.js';
import { SAFE_ID_PATTERN } from '../sandbox.js';
import { USER_NAME_PATTERN } from '../task-user.js';

/**
 * JSON schemas of the master → agent requests. Fastify rejects a body that does not
 * match with 400 and a message naming the bad field; ids are restricted because they
 * name sandbox directories.
 */
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const safeId = { type: 'string', pattern: SAFE_ID_PATTERN } as const;

const portRange = {
  type: 'array',
  minItems: 2,
  maxItems: 2,
  items: { type: 'integer', minimum: 0, maximum: 65535 },
} as const;

const resources = {
  type: 'object',
  required: ['cpus', 'mem', 'disk', 'ports'],
  properties: {
    cpus: { type: 'number', minimum: 0 },
    mem: { type: 'number', minimum: 0 },
    disk: { type: 'number', minimum: 0 },
    ports: { type: 'array', items: portRange },
  },
} as const;

/** Seconds a health check waits with one timer (delay, interval, timeout); a grace period may be longer. */
const timerSeconds = { type: 'number', exclusiveMinimum: 0, maximum: Math.floor(MAX_TIMER_MS / 1000) } as const;

/**
 * TaskHealthCheck, every field named: a check the agent cannot run as given is refused
 * here, never run differently. Ports are resolved by the scheduler, so HTTP(S) and TCP
 * name one; COMMAND names its command line. An unknown field fails as
 * ".../healthChecks/0/<field> must NOT be valid": `additionalProperties: false` would
 * have Fastify's ajv (removeAdditional) drop it silently instead.
 */
const healthCheck = {
  type: 'object',
  additionalProperties: { not: {} },
  required: ['protocol', 'gracePeriodSeconds', 'intervalSeconds', 'timeoutSeconds', 'delaySeconds', 'ignoreHttp1xx', 'ipProtocol'],
  properties: {
    protocol: { enum: ['HTTP', 'HTTPS', 'TCP', 'COMMAND'] },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    // What Node sends as a request target: no spaces or control characters.
    path: { type: 'string', maxLength: 2048, pattern: '^[\\x21-\\x7e]*$' },
    command: { type: 'string', minLength: 1, maxLength: 64 * 1024, pattern: '^[^\\u0000]*$' },
    gracePeriodSeconds: { type: 'number', minimum: 0 },
    intervalSeconds: timerSeconds,
    timeoutSeconds: timerSeconds,
    delaySeconds: { type: 'number', minimum: 0, maximum: timerSeconds.maximum },
    ignoreHttp1xx: { type: 'boolean' },
    ipProtocol: { enum: ['IPv4', 'IPv6'] },
  },
  allOf: [
    { if: { properties: { protocol: { enum: ['HTTP', 'HTTPS', 'TCP'] } } }, then: { required: ['port'] } },
    { if: { properties: { protocol: { const: 'COMMAND' } } }, then: { required: ['command'] } },
  ],
} as const;

const taskLaunch = {
  type: 'object',
  required: ['taskId', 'name', 'command', 'resources'],
  properties: {
    taskId: { type: 'string', minLength: 1 },
    name: { type: 'string' },
    command: {
      type: 'object',
      required: ['shell'],
      properties: {
        shell: { type: 'boolean' },
        value: { type: 'string' },
        argv: { type: 'array', items: { type: 'string' } },
      },
    },
    resources,
    env: stringMap,
    killGracePeriodSeconds: { type: 'number', minimum: 0 },
    labels: stringMap,
    user: { type: 'string', pattern: USER_NAME_PATTERN },
    healthChecks: { type: 'array', maxItems: 16, items: healthCheck },
  },
} as const;

export const launchBodySchema = {
  type: 'object',
  required: ['frameworkId', 'tasks'],
  properties: {
    frameworkId: safeId,
    tasks: { type: 'array', items: taskLaunch },
  },
} as const;

export const killBodySchema = {
  type: 'object',
  required: ['taskId'],
  properties: {
    taskId: { type: 'string', minLength: 1 },
    gracePeriodSeconds: { type: 'number', minimum: 0 },
    frameworkId: { type: 'string' },
  },
} as const;

export const killManyBodySchema = {
  type: 'object',
  required: ['kills'],
  properties: { kills: { type: 'array', items: killBodySchema, maxItems: 100_000 } },
} as const;

export const shutdownBodySchema = {
  type: 'object',
  required: ['killTasks'],
  properties: { killTasks: { type: 'boolean' } },
} as const;
