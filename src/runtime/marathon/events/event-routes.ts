import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from '../../../core/clock.js';
import { DcosError, ErrorCodes } from '../../../core/errors.js';
import type { EventBus } from './event-bus.js';
import { isMarathonEventType, type PlanFormat } from './event-json.js';
import { EventStream, type EventStreamOptions, type StreamRequest } from './event-stream.js';
import type { EventSubscriptions } from './event-subscriptions.js';
import { listParam, onlyParams, type Query } from '../api/query.js';

export interface EventRoutesDeps {
  bus: EventBus;
  clock: Clock;
  log: Logger;
  /** Loaded (load()) by whoever owns its lifetime. */
  subscriptions: EventSubscriptions;
  stream?: EventStreamOptions;
}


/**
 * Marathon's event outputs (docs/docs/event-bus.md, api/v2/events.raml,
 * eventSubscriptions.raml of Marathon 1.4): GET /v2/events as server-sent events, and
 * the HTTP callbacks of /v2/eventSubscriptions. Registered inside the master's
 * authenticated scope: without credentials both answer 401 before anything here runs.
 * The streams end when the server closes.
 */
export function registerEventRoutes(app: FastifyInstance, deps: EventRoutesDeps): void {
  const stream = new EventStream(deps, deps.stream);
  stream.start();
  app.addHook('preClose', async () => stream.close());

  app.get('/v2/events', async (req: FastifyRequest<{ Querystring: Query }>, reply: FastifyReply) => {
    // Jetty's EventSourceServlet: a GET without `Accept: text/event-stream` is not a stream request: 405.
    if (!acceptsEventStream(req.headers.accept)) {
      return reply.code(405).header('allow', 'GET').send({
        message: 'GET /v2/events answers with a stream of server-sent events: send the header "Accept: text/event-stream"',
      });
    }
    const request = streamRequest(req.query, req.socket.remoteAddress ?? 'unknown');
    if (req.method === 'HEAD') return reply.code(200).type('text/event-stream;charset=UTF-8').send();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream;charset=UTF-8',
      'cache-control': 'no-cache, no-store',
      // nginx buffers proxied responses unless told not to; a buffered event stream is no stream.
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    req.socket.setNoDelay(true);
    stream.attach(res, request);
    return reply;
  });

  const { subscriptions } = deps;
  app.get('/v2/eventSubscriptions', async (req: FastifyRequest<{ Querystring: Query }>) => {
    onlyParams(req.query, []);
    return { callbackUrls: subscriptions.list() };
  });
  app.post('/v2/eventSubscriptions', async (req: FastifyRequest<{ Querystring: Query }>) =>
    subscriptions.subscribe(callbackUrlOf(req), req.ip));
  app.delete('/v2/eventSubscriptions', async (req: FastifyRequest<{ Querystring: Query }>) =>
    subscriptions.unsubscribe(callbackUrlOf(req), req.ip));
}

/** Whether one of the media ranges of Accept is text/event-stream (parameters allowed; `*∕*` is not enough, as in Marathon). */
export function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => range.split(';')[0].trim().toLowerCase() === 'text/event-stream');
}

/** `event_type` (repeatable) and `plan-format=light`; anything else is refused by name. */
export function streamRequest(query: Query, remoteAddress: string): StreamRequest {
  onlyParams(query, ['event_type', 'plan-format']);
  const types = listParam(query, 'event_type');
  for (const t of types) {
    if (!isMarathonEventType(t)) throw badRequest(`event_type ${JSON.stringify(t)} is not a Marathon event type`);
  }
  const formats = listParam(query, 'plan-format');
  if (formats.length > 1) throw badRequest('plan-format is given more than once');
  if (formats.length === 1 && formats[0] !== 'light') {
    throw badRequest(`plan-format ${JSON.stringify(formats[0])} is not known: "light" leaves out the plans' original and target groups; leave it out for full plans`);
  }
  const format: PlanFormat = formats.length === 1 ? 'light' : 'full';
  return { ...(types.length > 0 ? { types: new Set(types) } : {}), format, remoteAddress };
}

function callbackUrlOf(req: FastifyRequest<{ Querystring: Query }>): string {
  onlyParams(req.query, ['callbackUrl']);
  if (req.body !== undefined && req.body !== null) throw badRequest('/v2/eventSubscriptions takes no body: give the URL as the query parameter callbackUrl');
  const urls = listParam(req.query, 'callbackUrl');
  if (urls.length !== 1) {
    throw new DcosError(ErrorCodes.INVALID_DEFINITION, 'Invalid callbackUrl: give exactly one, as a query parameter', {
      details: [{ path: '/callbackUrl', errors: [urls.length === 0 ? 'is required' : 'is given more than once'] }],
    });
  }
  return urls[0];
}



function badRequest(message: string): DcosError {
  return new DcosError(ErrorCodes.BAD_REQUEST, message);
}
