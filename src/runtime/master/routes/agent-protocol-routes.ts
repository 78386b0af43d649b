import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RegisterAgentRequest, StatusUpdateBatch } from '../../../api/master-types.js';
import { DcosError, ErrorCodes } from '../../../core/errors.js';
import type { AgentGateway } from '../agent-gateway.js';

/**
 * A registration lists every task the agent runs (about 330 bytes each), so an agent of
 * 10,000 tasks sends ~3.5 MB: within this, where the operator API's 1 MiB would refuse
 * it and the agent could never register again. Only master and agents hold the node
 * credential these routes require.
 */
export const AGENT_PROTOCOL_BODY_LIMIT_BYTES = 64 * 1024 * 1024;

/** The agent protocol (node credential only): register, heartbeat, status updates. */
export function agentProtocolRoutes(app: FastifyInstance, gateway: AgentGateway): void {
  const limit = { bodyLimit: AGENT_PROTOCOL_BODY_LIMIT_BYTES };
  app.post('/internal/v1/agents/register', limit, async (req: FastifyRequest<{ Body: RegisterAgentRequest }>) => {
    const body = req.body;
    const problems: string[] = [];
    if (!body || typeof body !== 'object') problems.push('body must be a JSON object');
    else {
      if (typeof body.agentId !== 'string' || body.agentId === '') problems.push('agentId must be a non-empty string');
      if (typeof body.hostname !== 'string' || body.hostname === '') problems.push('hostname must be a non-empty string');
      if (!Number.isInteger(body.port)) problems.push('port must be an integer');
      if (!body.resources || typeof body.resources.cpus !== 'number') problems.push('resources must hold cpus, mem, disk and ports');
      if (!Array.isArray(body.tasks)) problems.push('tasks must be an array');
    }
    if (problems.length > 0) throw new DcosError(ErrorCodes.BAD_REQUEST, `Invalid registration: ${problems.join('; ')}`);
    return gateway.register(body);
  });

  app.post('/internal/v1/agents/:id/heartbeat', async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    if (!gateway.heartbeat(req.params.id)) return reply.code(404).send({ message: `Agent ${req.params.id} must register again` });
    return { ok: true };
  });

  app.post('/internal/v1/agents/:id/updates', limit, async (req: FastifyRequest<{ Params: { id: string }; Body: StatusUpdateBatch }>) => {
    const updates = req.body?.updates;
    if (!Array.isArray(updates) || updates.some((u) => !u || typeof u.taskId !== 'string' || typeof u.state !== 'string')) {
      throw new DcosError(ErrorCodes.BAD_REQUEST, 'Invalid status updates: expected {updates: [{taskId, state, ...}]}');
    }
    return gateway.updates(req.params.id, updates);
  });
}
