import type { FastifyInstance } from 'fastify';
import type { KillTaskRequest, KillTasksRequest, LaunchTasksRequest, ShutdownRequest } from '../../../api/agent-types.js';
import type { AgentApi } from './agent-api.js';
import { killBodySchema, killManyBodySchema, launchBodySchema, shutdownBodySchema } from './schemas.js';

/**
 * A launch carries every task of one accepted offer, which on a big agent can be
 * thousands (10,000 small tasks are ~7 MiB), well past the 1 MiB other requests may have.
 * Still bounded, and only the master (the node credential) may send it.
 */
export const LAUNCH_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/** /api/v1: the master's commands to this agent. */
export function registerTaskRoutes(app: FastifyInstance, api: AgentApi): void {
  // Tasks this agent cannot run are answered with TASK_ERROR, each on its own (launch-problem.ts).
  app.post<{ Body: LaunchTasksRequest }>('/api/v1/tasks/launch', { schema: { body: launchBodySchema }, bodyLimit: LAUNCH_BODY_LIMIT_BYTES }, async (req) =>
    ({ accepted: await api.launch(req.body.frameworkId, req.body.tasks) }));

  app.post<{ Body: KillTaskRequest }>('/api/v1/tasks/kill', { schema: { body: killBodySchema } }, async (req) => {
    api.kill(req.body);
    return {};
  });

  app.post<{ Body: KillTasksRequest }>('/api/v1/tasks/kills', { schema: { body: killManyBodySchema }, bodyLimit: LAUNCH_BODY_LIMIT_BYTES }, async (req) => {
    for (const kill of req.body.kills) api.kill(kill);
    return {};
  });

  app.get('/api/v1/state', async () => api.state());

  app.post<{ Body: ShutdownRequest }>('/api/v1/shutdown', {
    schema: { body: shutdownBodySchema },
    onResponse: async (_req, reply) => {
      if (reply.statusCode === 200) api.afterShutdown();
    },
  }, async (req) => {
    await api.shutdown(req.body.killTasks);
    return {};
  });
}
