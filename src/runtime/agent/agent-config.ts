import type { PortRange, Resources } from '../../core/resources.js';
import type { SimulationSettings } from './simulated-driver.js';

/** The agent's settings, resolved and checked (see agent-flags.ts for their sources). */
export interface AgentConfig {
  /** Base URL of the master, e.g. http://127.0.1.1:5050. */
  masterUrl: string;
  listenHost: string;
  /** 0 picks a free port (tests); the master learns the real one at registration. */
  listenPort: number;
  /** The agent's address for the master and $HOST for tasks. */
  hostname: string;
  workDir: string;
  /** The cluster's node credential; read from a file, never from argv, never logged. */
  nodeToken: string;
  resources: Resources;
  attributes: Record<string, string>;
  /** Present: tasks are simulated (simulated-driver.ts), no process is spawned. Absent: real processes. */
  simulation?: SimulationSettings;
}

export const DEFAULT_PORTS: PortRange = [31000, 32000];
