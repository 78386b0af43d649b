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

export const shutdownBodySchema = {
  type: 'object',
  required: ['killTasks'],
  properties: { killTasks: { type: 'boolean' } },
} as const;
