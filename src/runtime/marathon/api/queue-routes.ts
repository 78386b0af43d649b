import type { FastifyInstance, FastifyRequest } from 'fastify';
import { normalizeAppId } from '../../../core/ids.js';
import { DcosError, ErrorCodes, notFound } from '../../../core/errors.js';
import type { MarathonApi } from './marathon-api.js';
import { listParam, onlyParams, type Query } from './query.js';
import { queueView } from './queue-view.js';

/** /v2/queue (queue.raml): what waits to launch and why; resetting an app's backoff delay. */
export function queueRoutes(app: FastifyInstance, api: MarathonApi): void {
  app.get('/v2/queue', async (req: FastifyRequest<{ Querystring: Query }>) => {
    onlyParams(req.query, ['embed']);
    const embeds = listParam(req.query, 'embed');
    const unknown = embeds.filter((e) => e !== 'lastUnusedOffers');
    if (unknown.length > 0) throw new DcosError(ErrorCodes.BAD_REQUEST, `Unknown embed ${unknown.join(', ')}: /v2/queue embeds only lastUnusedOffers`);
    const withOffers = embeds.length > 0;
    return { queue: queueView(api.read, withOffers) };
  });

  app.delete('/v2/queue/*', async (req: FastifyRequest<{ Params: { '*': string }; Querystring: Query }>, reply) => {
    onlyParams(req.query, []);
    const rest = req.params['*'];
    if (!rest.endsWith('/delay')) throw notFound(`No route for DELETE /v2/queue/${rest}`);
    const appId = normalizeAppId(rest.slice(0, -'/delay'.length));
    if (!api.read.app(appId) || api.read.queued(appId) === 0) throw notFound(`Application ${appId} not found in tasks queue.`);
    api.resetDelay(appId);
    return reply.code(204).send();
  });
}
