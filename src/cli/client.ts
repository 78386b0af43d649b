import type { CosmosClient } from '../api/cosmos-client.js';
import type { MarathonClient } from '../api/marathon-client.js';
import type { MasterClient } from '../api/master-client.js';
import { CliConfig, type ClusterConfig } from './config.js';

/**
 * Typed API clients for a configured cluster. The api/ modules (and undici with them)
 * are imported on the first call, so command files can import this module at top level
 * without slowing `dcos --help` or `dcos --version`.
 */
export interface ClusterClients {
  cluster: ClusterConfig;
  marathon: MarathonClient;
  master: MasterClient;
  /** The package service (Cosmos-compatible /package routes). */
  cosmos: CosmosClient;
}

export interface ConnectOptions {
  /** A cluster by name; the attached one when absent. */
  name?: string;
  config?: CliConfig;
  /** Per-request timeout in ms (default 30000). */
  timeoutMs?: number;
}

export async function connect(opts: ConnectOptions = {}): Promise<ClusterClients> {
  const config = opts.config ?? new CliConfig();
  const cluster = await config.resolveCluster(opts.name);
  return clientsFor(cluster, await config.readToken(cluster), opts.timeoutMs);
}

export async function clientsFor(cluster: ClusterConfig, token: string, timeoutMs?: number): Promise<ClusterClients> {
  const [{ HttpClient }, { MarathonClient }, { MasterClient }, { CosmosClient }] = await Promise.all([
    import('../api/http-client.js'),
    import('../api/marathon-client.js'),
    import('../api/master-client.js'),
    import('../api/cosmos-client.js'),
  ]);
  const http = new HttpClient({ baseUrl: cluster.url, token, timeoutMs });
  return { cluster, marathon: new MarathonClient(http), master: new MasterClient(http), cosmos: new CosmosClient(http) };
}
