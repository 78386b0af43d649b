import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { DcosError } from '../../core/errors.js';

/**
 * Server plumbing shared by master and agent: body limit, error shape and safety.
 * Error bodies follow Marathon: `{message, details?}`; a malformed request gets 4xx,
 * never a crash.
 */
export interface ServerOptions {
  logger: Logger;
  bodyLimitBytes?: number;
}

export function createServer(opts: ServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimitBytes ?? 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: true,
  });

  // Marathon clients send DELETE and GET with a JSON content type and no body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      const err = new DcosError('DCOS_ERR_BAD_REQUEST', `Invalid JSON: ${(e as Error).message}`);
      done(err, undefined);
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; validation?: unknown }, req, reply) => {
    if (error instanceof DcosError) {
      return reply.code(error.status).send({ message: error.message, code: error.code, ...(error.details ? { details: error.details } : {}) });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) req.log.error({ err: error, url: req.url }, 'request failed');
    return reply.code(status).send({ message: status === 500 ? `Internal error: ${error.message}` : error.message });
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ message: `No route for ${req.method} ${req.url.split('?')[0]}` });
  });

  return app as unknown as FastifyInstance;
}
