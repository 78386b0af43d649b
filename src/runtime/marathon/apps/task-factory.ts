import type { TaskCheck, TaskHealthCheck, TaskLaunch } from '../../../core/framework.js';
import type { AppCheck, HealthCheck } from '../../../core/marathon/app-definition.js';
import { newTaskId } from '../../../core/ids.js';
import type { Placement } from '../../placement/placement.js';
import type { StoredApp } from '../state/stored-app.js';

/** The launch of one task of `app` where placement put it (resources and host ports decided there). */
export function buildLaunch(app: StoredApp, placement: Placement): TaskLaunch {
  const taskId = newTaskId(app.id);
  return {
    taskId,
    name: app.id.slice(1).split('/').reverse().join('.'),
    command: app.cmd ? { shell: true, value: app.cmd } : { shell: false, argv: app.args ?? [] },
    resources: placement.resources,
    env: taskEnvironment(app, taskId, placement.hostname, placement.ports),
    ...(app.taskKillGracePeriodSeconds !== null ? { killGracePeriodSeconds: app.taskKillGracePeriodSeconds } : {}),
    ...(app.user !== null ? { user: app.user } : {}),
    ...(app.healthChecks.length > 0 ? { healthChecks: app.healthChecks.map((h) => agentHealthCheck(h, placement.ports)) } : {}),
    ...(app.check ? { check: agentCheck(app.check, placement.ports) } : {}),
  };
}

/** The app's general check as the agent runs it, its port resolved from portIndex; an argv command runs as one shell-quoted line. */
export function agentCheck(c: AppCheck, ports: readonly number[]): TaskCheck {
  const timers = { intervalSeconds: c.intervalSeconds, timeoutSeconds: c.timeoutSeconds, delaySeconds: c.delaySeconds };
  const portOf = (t: { port?: number; portIndex?: number }) => t.port ?? ports[t.portIndex ?? 0];
  if (c.http) return { protocol: c.http.scheme === 'HTTPS' ? 'HTTPS' : 'HTTP', port: portOf(c.http), path: c.http.path ?? '/', ...timers };
  if (c.tcp) return { protocol: 'TCP', port: portOf(c.tcp), ...timers };
  const command = c.exec!.command;
  return { protocol: 'COMMAND', command: 'shell' in command ? command.shell : command.argv.map(shellQuote).join(' '), ...timers };
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * A health check as the agent runs it: Marathon's protocols map onto the agent's probes
 * (MESOS_HTTP and HTTP are both an HTTP GET from the agent; the agent's checks replace
 * Marathon's own, which Marathon deprecated), the port resolved from portIndex.
 */
export function agentHealthCheck(h: HealthCheck, ports: readonly number[]): TaskHealthCheck {
  const protocol = h.protocol === 'COMMAND' ? 'COMMAND'
    : h.protocol === 'TCP' || h.protocol === 'MESOS_TCP' ? 'TCP'
    : h.protocol === 'HTTPS' || h.protocol === 'MESOS_HTTPS' ? 'HTTPS'
    : 'HTTP';
  const port = h.port ?? (h.portIndex !== undefined ? ports[h.portIndex] : undefined);
  return {
    protocol,
    ...(protocol !== 'COMMAND' && port !== undefined ? { port } : {}),
    ...(protocol === 'HTTP' || protocol === 'HTTPS' ? { path: h.path ?? '/' } : {}),
    ...(protocol === 'COMMAND' ? { command: h.command?.value ?? '' } : {}),
    gracePeriodSeconds: h.gracePeriodSeconds,
    intervalSeconds: h.intervalSeconds,
    timeoutSeconds: h.timeoutSeconds,
    delaySeconds: h.delaySeconds,
    ignoreHttp1xx: h.ignoreHttp1xx,
    ipProtocol: h.ipProtocol,
  };
}

/** The environment Marathon gives a task (docs/docs/task-environment-vars.md); the app's own env wins. */
export function taskEnvironment(app: StoredApp, taskId: string, host: string, ports: readonly number[]): Record<string, string> {
  const env: Record<string, string> = {
    HOST: host,
    MESOS_TASK_ID: taskId,
    MARATHON_APP_ID: app.id,
    MARATHON_APP_VERSION: app.version,
    MARATHON_APP_RESOURCE_CPUS: String(app.cpus),
    MARATHON_APP_RESOURCE_MEM: String(app.mem),
    MARATHON_APP_RESOURCE_DISK: String(app.disk),
    MARATHON_APP_RESOURCE_GPUS: String(app.gpus),
    MARATHON_APP_LABELS: Object.keys(app.labels).map(envName).join(' '),
  };
  if (app.container?.docker) env.MARATHON_APP_DOCKER_IMAGE = app.container.docker.image;
  for (const [k, v] of Object.entries(app.labels)) env[`MARATHON_APP_LABEL_${envName(k)}`] = v;
  if (ports.length > 0) {
    env.PORT = String(ports[0]);
    env.PORTS = ports.join(',');
  }
  ports.forEach((p, i) => {
    env[`PORT${i}`] = String(p);
    const name = app.portDefinitions[i]?.name;
    if (name) env[`PORT_${envName(name)}`] = String(p);
  });
  return { ...env, ...app.env };
}

function envName(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}
