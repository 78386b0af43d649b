import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Resources } from '../../core/resources.js';
import { Agent } from './agent.js';
import type { AgentConfig } from './agent-config.js';
import type { SimulationSettings } from './simulated-driver.js';

/**
 * N real agents in one process, each with the simulated driver, its own loopback
 * address and its own work dir: a cluster's worth of nodes for benchmarks and tests of
 * the master, with no task process anywhere. Each agent is a real HTTP server that
 * registers with the master, heartbeats and posts status updates as a daemon does.
 */
export interface SimulatedFleetOptions {
  masterUrl: string;
  nodeToken: string;
  /** The first three octets of the agents' addresses, e.g. "127.0.105". */
  addressBlock: string;
  /** Host number of the first agent in the block (default 2: .1 is the master's). */
  firstHost?: number;
  agents: number;
  /** Parent of the agents' work dirs (agent-1, agent-2, …). */
  workDir: string;
  /** The port every agent listens on (default 0: any free port). */
  port?: number;
  /** What every agent offers (default 16 cpus, 64 GiB, no disk, ports 31000-32000). */
  resources?: Resources;
  simulation?: SimulationSettings;
  /** Default: silent. */
  logger?: Logger;
  /** How long start() waits for every agent's first registration (default 30 s). */
  registrationTimeoutMs?: number;
}

const DEFAULT_RESOURCES: Resources = { cpus: 16, mem: 64 * 1024, disk: 0, ports: [[31000, 32000]] };
/** Host numbers of a /24 that can be agents' (.0 and .255 are not hosts). */
const LAST_HOST = 254;

export class SimulatedFleet {
  readonly agents: Agent[] = [];
  private readonly logger: Logger;

  private constructor(private readonly o: SimulatedFleetOptions) {
    this.logger = o.logger ?? pino({ level: 'silent' });
  }

  /** Starts every agent and resolves once the master has registered them all; on failure stops what started. */
  static async start(o: SimulatedFleetOptions): Promise<SimulatedFleet> {
    const first = o.firstHost ?? 2;
    if (!Number.isInteger(o.agents) || o.agents < 1 || first < 1 || first + o.agents - 1 > LAST_HOST) {
      throw new RangeError(`a fleet takes hosts ${first}..${first + o.agents - 1} of ${o.addressBlock}.0/24; they must lie within 1..${LAST_HOST}`);
    }
    const fleet = new SimulatedFleet(o);
    try {
      for (let i = 0; i < o.agents; i++) fleet.agents.push(await Agent.start(fleet.config(i), { logger: fleet.logger }));
      await fleet.registered(fleet.agents);
    } catch (err) {
      await fleet.stop();
      throw err;
    }
    return fleet;
  }

  /** The agents' ids, in the order of their addresses. */
  get ids(): string[] {
    return this.agents.map((a) => a.id);
  }

  host(index: number): string {
    return `${this.o.addressBlock}.${(this.o.firstHost ?? 2) + index}`;
  }

  /**
   * Stops agent `index` and starts it again on its work dir and address, as a daemon
   * restart would: its simulated tasks do not survive (see SimulatedDriver, Recovery).
   */
  async restart(index: number): Promise<Agent> {
    await this.agents[index].stop();
    const agent = await Agent.start(this.config(index, this.agents[index].port), { logger: this.logger });
    this.agents[index] = agent;
    await this.registered([agent]);
    return agent;
  }

  /** Stops every agent (their simulated tasks end with them); leaves the work dirs to the caller. */
  async stop(): Promise<void> {
    await Promise.all(this.agents.map((a) => a.stop()));
  }

  private config(index: number, port = this.o.port ?? 0): AgentConfig {
    const host = this.host(index);
    return {
      masterUrl: this.o.masterUrl, listenHost: host, listenPort: port, hostname: host,
      workDir: join(this.o.workDir, `agent-${index + 1}`), nodeToken: this.o.nodeToken,
      resources: this.o.resources ?? DEFAULT_RESOURCES, attributes: {}, simulation: this.o.simulation ?? {},
    };
  }

  private async registered(agents: Agent[]): Promise<void> {
    const timeoutMs = this.o.registrationTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${agents.length} simulated agent(s) did not register with ${this.o.masterUrl} within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([Promise.all(agents.map((a) => a.whenRegistered())), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
