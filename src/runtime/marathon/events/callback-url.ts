/** Longer URLs are refused: they are stored, listed and logged. */
export const MAX_CALLBACK_URL_LENGTH = 2048;

/**
 * Why `url` cannot take events, or undefined when it can: an absolute http or https
 * URL with a host. (Marathon took any URL java.net.URL parses, ftp: and file: included;
 * events are POSTed, so only HTTP makes sense.) The message names the URL.
 */
export function callbackUrlProblem(url: string): string | undefined {
  const quoted = JSON.stringify(url.length > 200 ? `${url.slice(0, 200)}…` : url);
  if (url.length > MAX_CALLBACK_URL_LENGTH) return `${quoted} is longer than ${MAX_CALLBACK_URL_LENGTH} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${quoted} is not a URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${quoted} is not an http or https URL`;
  if (!parsed.hostname) return `${quoted} has no host`;
  return undefined;
}

/** The URL without credentials or query, which may hold secrets: what logs may show. */
export function loggableUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
