import { request } from 'undici';
import type { Send } from './delivery-queue.js';

/** Marathon's http_event_request_timeout: 10 s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * A Send that POSTs the body as JSON to `url`. Only a 2xx answer counts as delivered;
 * redirects are not followed. Failure messages name the status or the network error,
 * never the URL (a webhook URL is a secret).
 */
export function jsonPoster(url: string, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): Send {
  return async (body, signal) => {
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body,
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    }).catch((err: Error & { code?: string }) => {
      throw new Error(err.code ? `${err.code}: ${err.message}` : err.message);
    });
    await res.body.dump();
    if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`HTTP ${res.statusCode}`);
  };
}
