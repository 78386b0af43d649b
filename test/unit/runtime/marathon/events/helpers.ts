import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { eventually } from '../../../../harness/proc.js';

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

export interface Frame {
  event?: string;
  data?: string;
  comment?: string;
}

/**
 * A client of a server-sent event stream that keeps every frame it read, parsed the
 * way the SSE spec reads them (a blank line ends a frame; ":" starts a comment).
 */
export class SseTestClient {
  readonly frames: Frame[] = [];
  status = 0;
  headers: IncomingHttpHeaders = {};
  closed = false;
  private buffer = '';
  private res?: IncomingMessage;

  private constructor(private readonly req: ReturnType<typeof request>) {}

  static open(url: string, headers: Record<string, string> = { accept: 'text/event-stream' }, localAddress?: string): Promise<SseTestClient> {
    return new Promise((resolve, reject) => {
      const req = request(url, { headers, localAddress, agent: false });
      const client = new SseTestClient(req);
      req.on('error', (err) => (client.status ? (client.closed = true) : reject(err)));
      req.on('response', (res) => {
        client.res = res;
        client.status = res.statusCode ?? 0;
        client.headers = res.headers;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.read(chunk));
        res.on('close', () => { client.closed = true; });
        resolve(client);
      });
      req.end();
    });
  }

  /** Events only (comments left out). */
  get events(): Array<{ event: string; data: Record<string, unknown> }> {
    return this.frames.filter((f) => f.event !== undefined).map((f) => ({ event: f.event!, data: JSON.parse(f.data ?? 'null') }));
  }

  async waitForEvents(n: number, what = `${n} events`): Promise<void> {
    await eventually(() => this.events.length >= n, 5_000, what);
  }

  close(): void {
    this.res?.destroy();
    this.req.destroy();
  }

  /** Everything received, as text. */
  received = '';

  private read(chunk: string): void {
    this.received += chunk;
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const frame: Frame = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = line.slice(1);
        else if (line.startsWith('event: ')) frame.event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) frame.data = (frame.data === undefined ? '' : `${frame.data}\n`) + line.slice('data: '.length);
      }
      this.frames.push(frame);
    }
  }
}

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
