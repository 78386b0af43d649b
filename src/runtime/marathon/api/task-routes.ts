import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DcosError, ErrorCodes } from '../../../core/errors.js';
import type { MarathonApi } from './marathon-api.js';
import { killParams } from './kill-params.js';
import { boolParam, listParam, onlyParams, type Query } from './query.js';
import { deploymentResult } from './responses.js';
import { tasksAsText, wantsText } from './task-text.js';
import { taskView } from './views.js';

/** Marathon's status[] filter names (task.raml TaskStatusCondition) → Mesos states. */
const STATUS_NAMES: Record<string, string> = {
  staging: 'TASK_STAGING', starting: 'TASK_STARTING', running: 'TASK_RUNNING', killing: 'TASK_KILLING',
  unreachable: 'TASK_UNREACHABLE', lost: 'TASK_LOST', gone: 'TASK_GONE', dropped: 'TASK_DROPPED', error: 'TASK_ERROR',
  failed: 'TASK_FAILED', finished: 'TASK_FINISHED', killed: 'TASK_KILLED', unknown: 'TASK_UNKNOWN',
};

/** /v2/tasks (tasks.raml): every task, as JSON or Marathon's text lines; bulk kills. */
export function taskRoutes(app: FastifyInstance, api: MarathonApi): void {
  const { read } = api;

  app.get('/v2/tasks', async (req: FastifyRequest<{ Querystring: Query }>, reply) => {
    onlyParams(req.query, ['status']);
    const wanted = listParam(req.query, 'status').map((s) => {
      const state = STATUS_NAMES[s.toLowerCase()];
      if (!state) throw new DcosError(ErrorCodes.BAD_REQUEST, `Unknown task status "${s}": use ${Object.keys(STATUS_NAMES).join(', ')}`);
      return state;
    });
    const matches = (state: string) => wanted.length === 0 || wanted.includes(state);
    if (wantsText(req)) return reply.type('text/plain').send(tasksAsText(read.apps(), (id) => read.instancesOf(id).filter((i) => matches(i.state))));
    const tasks = read.allInstances().filter((i) => matches(i.state)).map((i) => taskView(i, read.app(i.appId)));
    return { tasks };
  });

  app.post('/v2/tasks/delete', async (req: FastifyRequest<{ Querystring: Query }>, reply) => {
    onlyParams(req.query, ['scale', 'wipe', 'force']);
    const body = req.body as { ids?: unknown } | undefined;
    if (!body || typeof body !== 'object' || !Array.isArray(body.ids) || body.ids.some((id) => typeof id !== 'string') || Object.keys(body).some((k) => k !== 'ids')) {
      throw new DcosError(ErrorCodes.BAD_REQUEST, 'Expected {"ids": ["task id", ...]} and nothing else');
    }
    const ids = body.ids as string[];
    const unknown = ids.filter((id) => !read.instance(id));
    if (unknown.length > 0) throw new DcosError(ErrorCodes.BAD_REQUEST, `Invalid task id ${unknown.join(', ')}`);
    const force = boolParam(req.query, 'force', false);
    const scale = killParams(req.query, force);
    const instances = ids.map((id) => read.instance(id)!);
    const views = instances.map((i) => taskView(i, read.app(i.appId)));
    const d = await api.apps.killTasks(instances, { scale, force });
    if (d) return deploymentResult(reply, d);
    return { tasks: views };
  });
}
