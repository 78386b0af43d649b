import type { FastifyReply } from 'fastify';
import type { Deployment } from '../deployments/deployment.js';

/** Marathon's answer to a change: {deploymentId, version} and the Marathon-Deployment-Id header. */
export function deploymentResult(reply: FastifyReply, d: Deployment, status = 200) {
  reply.code(status).header('marathon-deployment-id', d.id);
  return { deploymentId: d.id, version: d.version };
}

/** Paths in Location headers, each segment encoded. */
export function location(prefix: string, id: string): string {
  return `${prefix}/${id.split('/').filter(Boolean).map(encodeURIComponent).join('/')}`;
}
