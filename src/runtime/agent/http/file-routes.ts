import type { FastifyInstance } from 'fastify';
import type { AgentApi } from './agent-api.js';

/** /files: Mesos-style read-only access to task sandboxes (the master proxies these for `dcos task log`). */
export function registerFileRoutes(app: FastifyInstance, api: AgentApi): void {
  app.get<{ Querystring: { path?: string; offset?: string; length?: string } }>('/files/read', async (req) =>
    api.readFile(req.query.path, req.query.offset, req.query.length));

  app.get<{ Querystring: { path?: string } }>('/files/browse', async (req) => api.browse(req.query.path));
}
