import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { requireCredentials } from '../../http/auth.js';
import { createServer } from '../../http/server.js';
import type { AgentApi } from './agent-api.js';
import { registerFileRoutes } from './file-routes.js';
import { registerTaskRoutes } from './task-routes.js';

export interface AgentServerOptions {
  logger: Logger;
  api: AgentApi;
  /** The cluster's node credential: the only one this API accepts (never the user token). */
  nodeToken: string;
}

/** The agent's HTTP API. Only /ping is public. */
export function createAgentServer(opts: AgentServerOptions): FastifyInstance {
  const app = createServer({ logger: opts.logger, daemon: 'agent' });
  app.get('/ping', async (_req, reply) => reply.type('text/plain').send('pong'));
  app.register(async (scope) => {
    scope.addHook('onRequest', requireCredentials(() => [opts.nodeToken], 'dcos-agent'));
    registerTaskRoutes(scope, opts.api);
    registerFileRoutes(scope, opts.api);
  });
  return app;
}
