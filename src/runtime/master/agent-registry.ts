import type { Clock, TimerHandle } from '../../core/clock.js';
import type { Resources } from '../../core/resources.js';
import { AgentClient } from '../../api/agent-client.js';
import type { RegisterAgentRequest } from '../../api/master-types.js';
import type { StateStore } from '../state/state-store.js';

export interface AgentRecord {
  id: string;
  hostname: string;
  port: number;
  resources: Resources;
  attributes: Record<string, string>;
  capabilities: string[];
  version: string;
  registeredAt: number;
  status: 'REACHABLE' | 'UNREACHABLE';
}

export interface AgentRegistryEvents {
  unreachable(agent: AgentRecord): void;
}

export interface AgentRegistryOptions {
  clock: Clock;
  store: StateStore;
  nodeToken: string;
  /** An agent silent for longer than this is marked unreachable (Mesos: 15 s × 5 pings = 75 s). */
  pingTimeoutMs: number;
  events: AgentRegistryEvents;
}

const KEY = 'master/agents/';

/**
 * The agents the master knows, durable across master restarts. Liveness is by
 * heartbeat. After a master restart every known agent must register again (its first
 * heartbeat is answered "unknown"), as in Mesos, so the master reconciles every task
 * with what the agent really runs; it has a fresh timeout to do so.
 */
export class AgentRegistry {
  private readonly agents = new Map<string, AgentRecord>();
  private readonly lastSeen = new Map<string, number>();
  /** Agents that registered with this master process. */
  private readonly registeredHere = new Set<string>();
  private readonly clients = new Map<string, AgentClient>();
  private monitor?: TimerHandle;

  constructor(private readonly opts: AgentRegistryOptions) {}

  async load(): Promise<void> {
    for (const { value } of await this.opts.store.list<AgentRecord>(KEY)) {
      this.agents.set(value.id, { ...value, capabilities: value.capabilities ?? [] });
      this.lastSeen.set(value.id, this.opts.clock.now());
    }
  }

  /** Heartbeats are expected every this many ms: a third of the timeout leaves room for two misses. */
  heartbeatIntervalMs(): number {
    return Math.max(50, Math.floor(this.opts.pingTimeoutMs / 3));
  }

  async register(req: RegisterAgentRequest): Promise<{ record: AgentRecord; known: boolean }> {
    const previous = this.agents.get(req.agentId);
    const record: AgentRecord = {
      id: req.agentId,
      hostname: req.hostname,
      port: req.port,
      resources: req.resources,
      attributes: req.attributes ?? {},
      capabilities: req.capabilities ?? [],
      version: req.version,
      registeredAt: previous?.registeredAt ?? this.opts.clock.now(),
      status: 'REACHABLE',
    };
    await this.opts.store.commit([{ type: 'put', key: KEY + record.id, value: record }]);
    this.agents.set(record.id, record);
    this.registeredHere.add(record.id);
    this.lastSeen.set(record.id, this.opts.clock.now());
    if (previous && (previous.hostname !== record.hostname || previous.port !== record.port)) this.clients.delete(record.id);
    return { record, known: previous !== undefined };
  }

  /** False when the agent is unknown, was declared unreachable, or has not registered since the master started: it must register again. */
  heartbeat(agentId: string): boolean {
    const agent = this.agents.get(agentId);
    if (!agent || agent.status !== 'REACHABLE' || !this.registeredHere.has(agentId)) return false;
    this.lastSeen.set(agentId, this.opts.clock.now());
    return true;
  }

  get(agentId: string): AgentRecord | undefined {
    return this.agents.get(agentId);
  }

  list(): AgentRecord[] {
    return [...this.agents.values()];
  }

  client(agentId: string): AgentClient | undefined {
    const agent = this.agents.get(agentId);
    if (!agent) return undefined;
    let client = this.clients.get(agentId);
    if (!client) {
      client = new AgentClient({ baseUrl: `http://${agent.hostname}:${agent.port}`, token: this.opts.nodeToken, timeoutMs: 10_000 });
      this.clients.set(agentId, client);
    }
    return client;
  }

  startMonitor(onError: (err: unknown) => void): void {
    const period = Math.max(20, Math.floor(this.opts.pingTimeoutMs / 4));
    const tick = () => {
      this.checkTimeouts().catch(onError);
      this.monitor = this.opts.clock.setTimer(period, tick);
    };
    this.monitor = this.opts.clock.setTimer(period, tick);
  }

  stop(): void {
    this.monitor?.cancel();
  }

  async checkTimeouts(): Promise<void> {
    const now = this.opts.clock.now();
    for (const agent of this.agents.values()) {
      if (agent.status !== 'REACHABLE') continue;
      if (now - (this.lastSeen.get(agent.id) ?? now) <= this.opts.pingTimeoutMs) continue;
      agent.status = 'UNREACHABLE';
      await this.opts.store.commit([{ type: 'put', key: KEY + agent.id, value: agent }]);
      this.opts.events.unreachable(agent);
    }
  }
}
