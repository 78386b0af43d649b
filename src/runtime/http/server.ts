import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import { newErrorId } from '../../core/ids.js';
import { nestingBeyond } from './json-depth.js';

/**
 * Server plumbing shared by master and agent: bounded bodies (size and nesting), error
 * shape and safety. Error bodies follow Marathon: `{message, details?}`; a malformed
 * request gets 4xx, never a crash. A 5xx never carries internal text: it names an error
 * id that the daemon's log has, with the details, on the same line.
 */
export interface ServerOptions {
  logger: Logger;
  /** Names the daemon in 500 answers: "see the master's log". */
  daemon: 'master' | 'agent';
  bodyLimitBytes?: number;
}

/** Deepest JSON nesting a body may have; app definitions and package options use fewer than 10 levels. */
export const MAX_JSON_DEPTH = 64;

export function createServer(opts: ServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimitBytes ?? 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: true,
  });

  // Marathon clients send DELETE and GET with a JSON content type and no body; Cosmos
  // clients send versioned types (application/vnd.dcos.package.install-request+json;…).
  app.removeContentTypeParser('application/json');
  const parseJson = (_req: unknown, body: string | Buffer, done: (err: Error | null, value?: unknown) => void) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    const deep = nestingBeyond(text, MAX_JSON_DEPTH);
    if (deep >= 0) {
      return done(new DcosError(ErrorCodes.BAD_REQUEST, `Invalid JSON: nested deeper than ${MAX_JSON_DEPTH} levels (at character ${deep})`), undefined);
    }
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new DcosError(ErrorCodes.BAD_REQUEST, `Invalid JSON: ${(e as Error).message}`), undefined);
    }
  };
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJson);
  // A compressed body would be parsed as if it were not: refused by name instead.
  app.addHook('preParsing', async (req) => {
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      throw new DcosError(ErrorCodes.BAD_REQUEST, `Content-Encoding ${encoding.slice(0, 64)} is not supported: send the body uncompressed`, { status: 415 });
    }
  });
  app.addContentTypeParser(/^application\/vnd\.[\w.-]+\+json/, { parseAs: 'string' }, parseJson);

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string; validation?: unknown }, req, reply) => {
    if (error instanceof DcosError) {
      return reply.code(error.status).send({
        message: error.message, code: error.code, ...(error.details ? { details: error.details } : {}), ...(error.extra ?? {}),
      });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) return reply.code(status).send({ message: error.message });
    const errorId = newErrorId();
    req.log.error({ err: error, errorId, method: req.method, url: req.url.split('?')[0] }, 'request failed');
    return reply.code(500).send({
      message: `Internal error: the ${opts.daemon}'s log has the details under error id ${errorId}`, code: ErrorCodes.INTERNAL, errorId,
    });
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ message: `No route for ${req.method} ${req.url.split('?')[0]}` });
  });

  return app as unknown as FastifyInstance;
}
