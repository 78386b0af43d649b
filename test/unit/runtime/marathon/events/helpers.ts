import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** This suite's loopback block (127.0.103.0/24). */
export const HOST = '127.0.103.1';

/** Listens on HOST, on a free port; returns the base URL. */
export async function listenOnHost(server: FastifyInstance): Promise<string> {
  await server.listen({ host: HOST, port: 0 });
  const address = server.server.address();
  return `http://${HOST}:${typeof address === 'object' && address ? address.port : 0}`;
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export function capturingLogger(): { log: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
  return { log: pino({ level: 'debug' }, sink), lines };
}

export { SseTestClient, type Frame } from '../../../../harness/sse-client.js';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/**
 * A real HTTP receiver for callbacks and webhooks: it records every request and answers
 * with the status `answer` gives for it (default 200).
 */
export class Receiver {
  readonly requests: Received[] = [];
  answer: (req: Omit<Received, 'status'>, index: number) => number = () => 200;
  private server?: Server;
  url = '';

  static async start(host = HOST, path = '/callback'): Promise<Receiver> {
    const r = new Receiver();
    r.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => { body += c; });
      req.on('end', () => {
        const received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, status: 0 };
        received.status = r.answer(received, r.requests.length);
        r.requests.push(received);
        res.writeHead(received.status, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => r.server!.listen(0, host, resolve));
    const address = r.server.address();
    r.url = `http://${host}:${typeof address === 'object' && address ? address.port : 0}${path}`;
    return r;
  }

  /** Bodies of the requests answered 2xx, parsed. */
  delivered(): Array<Record<string, unknown>> {
    return this.requests.filter((r) => r.status < 300).map((r) => JSON.parse(r.body));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r) ?? r(undefined));
  }
}
