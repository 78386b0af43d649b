import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../../../core/errors.js';
import type { MarathonApi } from './marathon-api.js';
import { boolParam, onlyParams, type Query } from './query.js';
import { deploymentResult } from './responses.js';
import { deploymentDetailView, deploymentView } from './views.js';

/** /v2/deployments (deployments.raml); GET /v2/deployments/{id} with history is this project's. */
export function deploymentRoutes(app: FastifyInstance, api: MarathonApi): void {
  const { read } = api;

  app.get('/v2/deployments', async (req: FastifyRequest<{ Querystring: Query }>) => {
    onlyParams(req.query, []);
    return read.deployments().map((d) => deploymentView(read, d));
  });

  app.get('/v2/deployments/:id', async (req: FastifyRequest<{ Params: { id: string }; Querystring: Query }>) => {
    onlyParams(req.query, []);
    const d = read.deployment(req.params.id);
    if (!d) throw notFound(`DeploymentPlan ${req.params.id} does not exist`);
    return deploymentDetailView(read, d);
  });

  /** Without force: rolled back by a new deployment (200 with it); with force: only cancelled (202, no body). */
  app.delete('/v2/deployments/:id', async (req: FastifyRequest<{ Params: { id: string }; Querystring: Query }>, reply) => {
    onlyParams(req.query, ['force']);
    const force = boolParam(req.query, 'force', false);
    const revert = await api.deployer.cancel(req.params.id, force);
    if (!revert) return reply.code(202).send();
    return deploymentResult(reply, revert);
  });
}
