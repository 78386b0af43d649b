import type { FastifyInstance } from 'fastify';
import type { KillTaskRequest, LaunchTasksRequest, ShutdownRequest } from '../../../api/agent-types.js';
import type { AgentApi } from './agent-api.js';
import { killBodySchema, launchBodySchema, shutdownBodySchema } from './schemas.js';

/** /api/v1: the master's commands to this agent. */
export function registerTaskRoutes(app: FastifyInstance, api: AgentApi): void {
  // Tasks this agent cannot run are answered with TASK_ERROR, each on its own (launch-problem.ts).
  app.post<{ Body: LaunchTasksRequest }>('/api/v1/tasks/launch', { schema: { body: launchBodySchema } }, async (req) =>
    ({ accepted: await api.launch(req.body.frameworkId, req.body.tasks) }));

  app.post<{ Body: KillTaskRequest }>('/api/v1/tasks/kill', { schema: { body: killBodySchema } }, async (req) => {
    api.kill(req.body);
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
