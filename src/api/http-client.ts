import { Agent, request, type Dispatcher } from 'undici';
import { DcosError, ErrorCodes } from '../core/errors.js';

/**
 * JSON over HTTP with the cluster's bearer credential. Non-2xx answers become a
 * DcosError that carries the server's message, details and status.
 */
export interface HttpClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`; never logged. */
  token?: string;
  /** Per-request timeout in ms (default 30000). */
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

const sharedDispatcher = new Agent({ keepAliveTimeout: 10_000, connections: 64 });

export class HttpClient {
  readonly baseUrl: string;
  private readonly token?: string;
  private readonly timeoutMs: number;
  private readonly dispatcher: Dispatcher;

  constructor(opts: HttpClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.dispatcher = opts.dispatcher ?? sharedDispatcher;
  }

  /** `headers` override the JSON defaults (Cosmos routes name their versioned media types in accept and content-type). */
  async json<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const { status, text } = await this.send(method, path, body, headers);
    if (status >= 200 && status < 300) return (text ? JSON.parse(text) : undefined) as T;
    throw errorFromResponse(method, `${this.baseUrl}${path}`, status, text);
  }

  /** A plain-text answer (Marathon's /ping), with the same errors as json(). */
  async text(method: 'GET', path: string): Promise<string> {
    const { status, text } = await this.send(method, path, undefined, { accept: 'text/plain' });
    if (status >= 200 && status < 300) return text;
    throw errorFromResponse(method, `${this.baseUrl}${path}`, status, text);
  }

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
    const url = `${this.baseUrl}${path}`;
    const allHeaders: Record<string, string> = { accept: 'application/json', ...headers };
    if (this.token) allHeaders.authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      allHeaders['content-type'] ??= 'application/json';
    }
    try {
      const res = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers: allHeaders,
        body: payload,
        dispatcher: this.dispatcher,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      return { status: res.statusCode, text: await res.body.text() };
    } catch (cause) {
      throw new DcosError(ErrorCodes.UNREACHABLE, `cannot reach ${url}: ${(cause as Error).message}`, { cause });
    }
  }
}

/**
 * The server's error as a DcosError: its message, a 422's details, and in `extra` a 409's
 * locking `deployments` (Marathon's body: `{message, deployments: [{id}]}`) and Cosmos's
 * error `type` and `data` (its body: `{type, message, data}`), which clients switch on.
 */
function errorFromResponse(method: string, url: string, status: number, text: string): DcosError {
  let parsed: { message?: string; details?: Array<{ path: string; errors: string[] }>; deployments?: unknown; type?: unknown; data?: unknown } = {};
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { message: text.trim() || undefined };
  }
  const message = parsed.message ?? `HTTP ${status}`;
  const code =
    status === 401 || status === 403 ? ErrorCodes.UNAUTHORIZED
    : status === 404 ? ErrorCodes.NOT_FOUND
    : status === 409 ? ErrorCodes.CONFLICT
    : status === 422 ? ErrorCodes.INVALID_DEFINITION
    : status === 400 ? ErrorCodes.BAD_REQUEST
    : status === 503 ? ErrorCodes.UNREACHABLE
    : ErrorCodes.INTERNAL;
  const extra: Record<string, unknown> = {};
  if (Array.isArray(parsed.deployments)) extra.deployments = parsed.deployments;
  if (typeof parsed.type === 'string') extra.type = parsed.type;
  if (parsed.data !== null && typeof parsed.data === 'object') extra.data = parsed.data;
  const extraOpt = Object.keys(extra).length > 0 ? { extra } : {};
  return new DcosError(code, `${method} ${new URL(url).pathname}: ${message}`, { status, details: parsed.details, ...extraOpt });
}
