import { request as httpRequest, STATUS_CODES, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TaskHealthCheck } from '../../../core/framework.js';
import { abortCause, failureOf, type ProbeResult, type ProbeTarget } from './probe.js';

/** Largest response head the probe accepts (status line and headers); the body is never read. */
const MAX_HEADER_BYTES = 16 * 1024;

/**
 * HTTP and HTTPS checks: GET http(s)://<host>:<port><path> on a fresh connection.
 * Healthy on 200–399 (Marathon, "similar to AWS R53"); any other final status is a
 * failure named by its code and standard reason phrase (never the task's own text).
 * A 1xx answer (an informational head, or 101) is reported as such: the decision core
 * applies ignoreHttp1xx. HTTPS does not verify the certificate, as Marathon and Mesos
 * do not: a check asks whether the task answers, not whom to trust.
 * Only the status is read: the response is destroyed as soon as its head arrives.
 */
export function httpProbe(check: TaskHealthCheck, target: ProbeTarget, signal: AbortSignal): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let req: ClientRequest | undefined;
    let settled = false;
    const done = (result: ProbeResult): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      req?.destroy();
      resolve(result);
    };
    const onAbort = (): void => done({ kind: 'unhealthy', cause: abortCause(signal) });
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const options = {
      host: target.host,
      port: check.port,
      path: absolutePath(check.path),
      method: 'GET',
      family: check.ipProtocol === 'IPv6' ? 6 : 4,
      agent: false as const,
      maxHeaderSize: MAX_HEADER_BYTES,
      headers: { 'user-agent': 'dcos-agent-health-check', accept: '*/*', connection: 'close' },
    };
    const onResponse = (res: IncomingMessage): void => {
      res.destroy();
      done(classify(res.statusCode ?? 0));
    };
    try {
      req = check.protocol === 'HTTPS'
        ? httpsRequest({ ...options, rejectUnauthorized: false }, onResponse)
        : httpRequest(options, onResponse);
    } catch (err) {
      // A path Node refuses to send (e.g. with a space): the check as given can never pass.
      return done({ kind: 'unhealthy', cause: (err as Error).message });
    }
    req.on('information', (info) => done({ kind: 'informational', cause: statusText(info.statusCode), found: { http: { statusCode: info.statusCode } } }));
    req.on('error', (err) => done(failureOf(err)));
    req.end();
  });
}

function classify(statusCode: number): ProbeResult {
  const found = { http: { statusCode } };
  if (statusCode >= 200 && statusCode <= 399) return { kind: 'healthy', found };
  if (statusCode >= 100 && statusCode <= 199) return { kind: 'informational', cause: statusText(statusCode), found };
  return { kind: 'unhealthy', cause: statusText(statusCode), found };
}

/** "500 Internal Server Error", as Marathon names a failed answer. */
function statusText(status: number): string {
  const phrase = STATUS_CODES[status];
  return phrase ? `${status} ${phrase}` : String(status);
}

/** Marathon: the path defaults to "/" and gains a leading "/" when it has none. */
function absolutePath(path: string | undefined): string {
  const raw = path ?? '';
  return raw.startsWith('/') ? raw : `/${raw}`;
}
