import { SAFE_ID_PATTERN } from '../sandbox.js';

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

/**
 * TaskHealthCheck: the shape only. Whether this agent can run a check as given (its
 * port, path, command, timers) is judged per task (launch-problem.ts), so a task it
 * cannot run gets TASK_ERROR alone, never the whole batch a 400. An unknown field fails
 * as ".../healthChecks/0/<field> must NOT be valid": `additionalProperties: false` would
 * have Fastify's ajv (removeAdditional) drop it silently instead.
 */
const healthCheck = {
  type: 'object',
  additionalProperties: { not: {} },
  required: ['protocol', 'gracePeriodSeconds', 'intervalSeconds', 'timeoutSeconds', 'delaySeconds', 'ignoreHttp1xx', 'ipProtocol'],
  properties: {
    protocol: { type: 'string' },
    port: { type: 'integer' },
    path: { type: 'string' },
    command: { type: 'string' },
    gracePeriodSeconds: { type: 'number' },
    intervalSeconds: { type: 'number' },
    timeoutSeconds: { type: 'number' },
    delaySeconds: { type: 'number' },
    ignoreHttp1xx: { type: 'boolean' },
    ipProtocol: { type: 'string' },
  },
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
    user: { type: 'string' },
    healthChecks: { type: 'array', items: healthCheck },
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
