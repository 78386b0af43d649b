import type { FastifyRequest } from 'fastify';
import type { Instance } from '../state/instance.js';
import type { StoredApp } from '../state/stored-app.js';

/** True when the client asks for text/plain before JSON (Marathon's text task lists, for scripts and old load balancers). */
export function wantsText(req: FastifyRequest): boolean {
  const accept = String(req.headers.accept ?? '');
  return /text\/plain/.test(accept) && !/application\/json/.test(accept);
}

/**
 * Marathon's script-friendly task list (EndpointsHelper.appsToEndpointString): per app and
 * service port, `app_id<TAB>servicePort<TAB>host:port<TAB>...`, running tasks only,
 * addresses sorted; an app without service ports lists its hosts after a blank port.
 */
export function tasksAsText(apps: readonly StoredApp[], instancesOf: (appId: string) => Instance[]): string {
  let out = '';
  for (const app of apps) {
    const running = instancesOf(app.id).filter((i) => i.state === 'TASK_RUNNING');
    const clean = app.id.split('/').filter(Boolean).join('_');
    if (app.portDefinitions.length === 0) {
      out += `${clean}\t \t${running.map((i) => i.host).sort().map((h) => `${h}\t`).join('')}\n`;
      continue;
    }
    app.portDefinitions.forEach((d, k) => {
      out += `${clean}\t${d.port}\t${running.map((i) => `${i.host}:${i.ports[k] ?? 0}`).sort().map((a) => `${a}\t`).join('')}\n`;
    });
  }
  return out;
}
