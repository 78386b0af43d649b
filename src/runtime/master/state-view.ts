import type { MasterState, MesosResources, MesosTask } from '../../api/master-types.js';
import { addResources, emptyResources, subtractResources, type Resources } from '../../core/resources.js';
import type { AgentRegistry } from './agent-registry.js';
import type { FrameworkManager } from './framework-manager.js';
import type { OfferBook } from './offer-book.js';
import type { MasterTask, TaskBook } from './task-book.js';

export interface StateViewDeps {
  id: string;
  version: string;
  hostname: string;
  port: number;
  cluster: string;
  startTime: number;
  agents: AgentRegistry;
  tasks: TaskBook;
  offers: OfferBook;
  frameworks: FrameworkManager;
}

/** Mesos prints port ranges as "[31000-31005, 31010-31010]". */
export function mesosResources(r: Resources): MesosResources {
  return { cpus: r.cpus, mem: r.mem, disk: r.disk, ports: `[${r.ports.map(([b, e]) => `${b}-${e}`).join(', ')}]` };
}

const sum = (items: Resources[]) => items.reduce((a, b) => addResources(a, b), emptyResources());

function mesosTask(t: MasterTask): MesosTask {
  return {
    id: t.taskId,
    name: t.name,
    framework_id: t.frameworkId,
    executor_id: '',
    slave_id: t.agentId,
    state: t.state,
    resources: mesosResources(t.resources),
    statuses: t.statuses,
    ...(t.sandbox ? { sandbox_directory: t.sandbox } : {}),
  };
}

/** GET /master/state in the JSON flavour of Mesos (the fields clients read). */
export function masterState(d: StateViewDeps): MasterState {
  const pid = `master@${d.hostname}:${d.port}`;
  const active = d.tasks.activeTasks();
  const agents = d.agents.list();
  return {
    version: d.version,
    id: d.id,
    pid,
    hostname: d.hostname,
    cluster: d.cluster,
    start_time: d.startTime / 1000,
    elected_time: d.startTime / 1000,
    leader: pid,
    leader_info: { id: d.id, hostname: d.hostname, port: d.port },
    activated_slaves: agents.filter((a) => a.status === 'REACHABLE').length,
    deactivated_slaves: 0,
    unreachable_slaves: agents.filter((a) => a.status === 'UNREACHABLE').length,
    slaves: agents.map((a) => {
      const used = sum(active.filter((t) => t.agentId === a.id).map((t) => t.resources));
      const offered = sum(d.offers.onAgent(a.id).map((o) => o.resources));
      return {
        id: a.id,
        hostname: a.hostname,
        port: a.port,
        pid: `slave(1)@${a.hostname}:${a.port}`,
        registered_time: a.registeredAt / 1000,
        active: a.status === 'REACHABLE',
        status: a.status,
        resources: mesosResources(a.resources),
        used_resources: mesosResources(used),
        offered_resources: mesosResources(offered),
        unreserved_resources: mesosResources(subtractResources(a.resources, emptyResources())),
        attributes: a.attributes,
        version: a.version,
      };
    }),
    frameworks: d.frameworks.frameworks().map((f) => {
      const tasks = active.filter((t) => t.frameworkId === f.id);
      return {
        id: f.id,
        name: f.name,
        role: f.role,
        active: f.active,
        registered_time: f.registeredAt / 1000,
        used_resources: mesosResources(sum(tasks.map((t) => t.resources))),
        offered_resources: mesosResources(sum(d.offers.all().filter((o) => o.frameworkId === f.id).map((o) => o.resources))),
        tasks: tasks.map(mesosTask),
        completed_tasks: d.tasks.completedTasks().filter((t) => t.frameworkId === f.id).map(mesosTask),
      };
    }),
  };
}
