import type { FastifyInstance } from 'fastify';
import { DcosError, ErrorCodes } from '../../../core/errors.js';
import type { KillTaskRequest, LaunchTasksRequest, ShutdownRequest } from '../../../api/agent-types.js';
import type { AgentApi } from './agent-api.js';
import { killBodySchema, launchBodySchema, shutdownBodySchema } from './schemas.js';

/** /api/v1: the master's commands to this agent. */
export function registerTaskRoutes(app: FastifyInstance, api: AgentApi): void {
  app.post<{ Body: LaunchTasksRequest }>('/api/v1/tasks/launch', { schema: { body: launchBodySchema } }, async (req) => {
    const problems = req.body.tasks.flatMap((t, i) => commandProblems(t.command, i));
    if (problems.length > 0) {
      throw new DcosError(ErrorCodes.BAD_REQUEST, `Invalid launch: ${problems.map((p) => `${p.path} ${p.errors[0]}`).join('; ')}`, { details: problems });
    }
    return { accepted: await api.launch(req.body.frameworkId, req.body.tasks) };
  });

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

function commandProblems(command: { shell: boolean; value?: string; argv?: string[] }, i: number) {
  const path = `/tasks(${i})/command`;
  if (command.shell && !(command.value && command.value.trim() !== '')) {
    return [{ path: `${path}/value`, errors: ['must be a non-empty command line when shell is true'] }];
  }
  if (!command.shell && !(command.argv && command.argv.length > 0 && command.argv[0] !== '')) {
    return [{ path: `${path}/argv`, errors: ['must name a program when shell is false'] }];
  }
  return [];
}
