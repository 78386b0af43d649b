import type { Offer, TaskLaunch } from '../../core/framework.js';
import { newTaskId } from '../../core/ids.js';
import { containsResources, countPorts, portsToRanges, type PortRange, type Resources } from '../../core/resources.js';
import type { StoredApp } from './stored-app.js';

/**
 * Builds the launch of one task of `app` from what is left of an offer, or undefined
 * when it does not fit. Host ports are picked at random from the offered ranges
 * (Marathon's behaviour, so a restarted task rarely lands on a port in TIME_WAIT);
 * with requirePorts the service ports themselves are used.
 */
export function buildLaunch(app: StoredApp, offer: Offer, available: Resources, random: () => number): TaskLaunch | undefined {
  const portCount = app.portDefinitions.length;
  const ports = app.requirePorts
    ? app.portDefinitions.map((d) => d.port)
    : pickPorts(available.ports, portCount, random);
  if (!ports) return undefined;
  const need: Resources = { cpus: app.cpus, mem: app.mem, disk: app.disk, ports: portsToRanges(ports) };
  if (!containsResources(available, need)) return undefined;
  const taskId = newTaskId(app.id);
  return {
    taskId,
    name: app.id.slice(1).split('/').reverse().join('.'),
    command: app.cmd ? { shell: true, value: app.cmd } : { shell: false, argv: app.args ?? [] },
    resources: need,
    env: taskEnvironment(app, taskId, offer.hostname, ports),
    ...(app.taskKillGracePeriodSeconds !== null ? { killGracePeriodSeconds: app.taskKillGracePeriodSeconds } : {}),
    labels: app.labels,
  };
}

/** The environment Marathon gives a task (docs/docs/task-environment-vars.md); the app's own env wins. */
export function taskEnvironment(app: StoredApp, taskId: string, host: string, ports: number[]): Record<string, string> {
  const env: Record<string, string> = {
    HOST: host,
    MESOS_TASK_ID: taskId,
    MARATHON_APP_ID: app.id,
    MARATHON_APP_VERSION: app.version,
    MARATHON_APP_RESOURCE_CPUS: String(app.cpus),
    MARATHON_APP_RESOURCE_MEM: String(app.mem),
    MARATHON_APP_RESOURCE_DISK: String(app.disk),
    MARATHON_APP_RESOURCE_GPUS: '0',
    MARATHON_APP_LABELS: Object.keys(app.labels).map(envName).join(' '),
  };
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

/** `count` distinct ports from the ranges, starting at a random place and wrapping around. */
export function pickPorts(ranges: PortRange[], count: number, random: () => number): number[] | undefined {
  if (count === 0) return [];
  const total = countPorts(ranges);
  if (total < count) return undefined;
  const start = Math.floor(random() * total);
  const picked: number[] = [];
  for (let k = 0; k < count; k++) picked.push(portAt(ranges, (start + k) % total));
  return picked;
}

function portAt(ranges: PortRange[], index: number): number {
  let i = index;
  for (const [b, e] of ranges) {
    const size = e - b + 1;
    if (i < size) return b + i;
    i -= size;
  }
  throw new Error('port index out of range');
}
