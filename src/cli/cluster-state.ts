import { Agent } from 'undici';
import { MasterClient } from '../api/master-client.js';
import type { ClusterConfig } from './config.js';

/** A cluster as `cluster list` shows it. */
export type ClusterState = 'running' | 'unreachable' | 'stopped';

/**
 * Each cluster's real state, asked in parallel: `stopped` for a local cluster stopped on
 * purpose (`down --keep-state`); otherwise `running` when its master answers /ping (no
 * credential needed) within `timeoutMs`, connecting included, and `unreachable` when it
 * does not. A record alone cannot tell: hosts go down without telling the CLI.
 */
export async function clusterStates(clusters: Array<ClusterConfig<{ status?: string }>>, timeoutMs = 2_000): Promise<ClusterState[]> {
  const dispatcher = new Agent({ connect: { timeout: timeoutMs } });
  try {
    return await Promise.all(clusters.map(async (c): Promise<ClusterState> => {
      if (c.local?.status === 'stopped') return 'stopped';
      return (await new MasterClient({ baseUrl: c.url, timeoutMs, dispatcher }).ping()) ? 'running' : 'unreachable';
    }));
  } finally {
    await dispatcher.destroy();
  }
}
