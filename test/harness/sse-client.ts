import { request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { eventually } from './proc.js';

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
