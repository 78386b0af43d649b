import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DcosError, ErrorCodes } from '../../../core/errors.js';
import type { AgentRegistry } from '../agent-registry.js';

/** The Mesos-like operator view: master state, and agents' sandbox files proxied by the master. */
export function mesosRoutes(app: FastifyInstance, deps: { state: () => unknown; agents: AgentRegistry; teardown: (frameworkId: string) => Promise<void> }): void {
  app.get('/master/state', async () => deps.state());
  app.get('/state', async () => deps.state());

  // Mesos's operator call, as `curl -d frameworkId=<id> /master/teardown` sends it (a JSON body works too).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.post('/master/teardown', async (req: FastifyRequest<{ Body: { frameworkId?: unknown } | undefined }>, reply) => {
    const id = req.body?.frameworkId;
    if (typeof id !== 'string' || id === '') throw new DcosError(ErrorCodes.BAD_REQUEST, "Missing 'frameworkId' (form field or JSON)");
    await deps.teardown(id);
    return reply.code(200).send();
  });

  // Proxies /files/{read,browse} of one agent; the agent checks the path stays inside its sandboxes.
  app.get('/agent/:agentId/files/:op', async (req: FastifyRequest<{ Params: { agentId: string; op: string } }>, reply) => {
    const { agentId, op } = req.params;
    if (op !== 'read' && op !== 'browse') throw new DcosError(ErrorCodes.NOT_FOUND, `No files operation '${op}' (use read or browse)`);
    const agent = deps.agents.get(agentId);
    const client = deps.agents.client(agentId);
    if (!agent || !client) throw new DcosError(ErrorCodes.NOT_FOUND, `Agent ${agentId} is unknown`);
    if (agent.status !== 'REACHABLE') throw new DcosError(ErrorCodes.UNREACHABLE, `Agent ${agentId} (${agent.hostname}) is unreachable`);
    const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
    const res = await client.http.send('GET', `/files/${op}${query}`);
    return reply.code(res.status).type('application/json').send(res.text);
  });
}
