import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Credential check for every route that is not public. Accepted forms:
 * `Authorization: Bearer <token>`, DC/OS's `Authorization: token=<token>`, and HTTP Basic
 * with the token as password (what Marathon clients configured with credentials send).
 */
export function credentialOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  switch (scheme?.toLowerCase()) {
    case 'bearer':
      return value;
    case 'token=':
      return value;
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon >= 0 ? decoded.slice(colon + 1) : undefined;
    }
    default:
      return scheme?.startsWith('token=') ? scheme.slice('token='.length) : undefined;
  }
}

function matches(candidate: string, secret: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A fastify onRequest hook that answers 401 unless the request carries one of `secrets`. */
export function requireCredentials(secrets: () => string[], realm = 'dcos') {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const given = credentialOf(req.headers.authorization);
    if (given !== undefined && secrets().some((s) => s.length > 0 && matches(given, s))) return;
    await reply
      .code(401)
      .header('www-authenticate', `Basic realm="${realm}", Bearer realm="${realm}"`)
      .send({ message: given === undefined ? 'Authentication required: send the cluster token as a Bearer credential' : 'Invalid credentials' });
  };
}
