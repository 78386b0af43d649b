import type { Resources } from '../core/resources.js';
import type { TaskState } from '../core/task-state.js';
import type { HealthCheckReport, TaskStatus } from '../core/framework.js';

/**
 * The master's wire shapes: the Mesos-like operator view (/master/state) and the
 * agent protocol (agents register, heartbeat and send status updates to the master).
 */

/** Mesos resources as /master/state prints them: ports as a range string "[31000-32000]". */
export interface MesosResources {
  cpus: number;
  mem: number;
  disk: number;
  ports: string;
}

export interface MesosTask {
  id: string;
  name: string;
  framework_id: string;
  executor_id: string;
  slave_id: string;
  state: TaskState;
  resources: MesosResources;
  statuses: Array<{ state: TaskState; timestamp: number; message?: string; healthy?: boolean }>;
  /** Sandbox directory on the agent; read it through /agent/{slave_id}/files/read. */
  sandbox_directory?: string;
}

export interface MesosAgent {
  id: string;
  hostname: string;
  port: number;
  pid: string;
  registered_time: number;
  active: boolean;
  /** 'REACHABLE' or 'UNREACHABLE': heartbeats stopped for longer than the ping timeout. */
  status: 'REACHABLE' | 'UNREACHABLE';
  resources: MesosResources;
  used_resources: MesosResources;
  offered_resources: MesosResources;
  unreserved_resources: MesosResources;
  attributes: Record<string, string>;
  version: string;
}

export interface MesosFramework {
  id: string;
  name: string;
  role: string;
  active: boolean;
  registered_time: number;
  used_resources: MesosResources;
  offered_resources: MesosResources;
  tasks: MesosTask[];
  completed_tasks: MesosTask[];
}

export interface MasterState {
  version: string;
  id: string;
  pid: string;
  hostname: string;
  cluster: string;
  start_time: number;
  elected_time: number;
  leader: string;
  leader_info: { id: string; hostname: string; port: number };
  activated_slaves: number;
  deactivated_slaves: number;
  unreachable_slaves: number;
  slaves: MesosAgent[];
  frameworks: MesosFramework[];
}

/** Mesos /files/read answer: `data` from `offset`; with offset -1, `offset` is the file size. */
export interface FileReadResult {
  data: string;
  offset: number;
}

export interface FileBrowseEntry {
  path: string;
  size: number;
  mode: string;
  mtime: number;
  nlink: number;
  uid: string;
  gid: string;
}

// ---- agent → master protocol ----

/** A task as the agent knows it, sent with every (re-)registration so the master can reconcile. */
export interface AgentTaskReport {
  taskId: string;
  frameworkId: string;
  state: TaskState;
  resources: Resources;
  sandbox: string;
  /** The task's health as last reported in a status update (tasks with health checks only). */
  healthy?: boolean;
  health?: HealthCheckReport[];
}

export interface RegisterAgentRequest {
  agentId: string;
  /** Address tasks bind and clients reach: the agent's $HOST. */
  hostname: string;
  /** Port of the agent's own HTTP API on `hostname`. */
  port: number;
  resources: Resources;
  attributes: Record<string, string>;
  /** What this agent can do beyond running commands ('fetcher', 'containers', ...); placement needs it. Absent: nothing. */
  capabilities?: string[];
  version: string;
  tasks: AgentTaskReport[];
}

export interface RegisterAgentResponse {
  agentId: string;
  masterId: string;
  /** How often the agent must send a heartbeat. */
  heartbeatIntervalMs: number;
}

export interface StatusUpdateBatch {
  updates: TaskStatus[];
}

/** uuids the master has recorded; the agent stops retrying those. */
export interface StatusUpdateAck {
  acknowledged: string[];
}
