/**
 * Progress of provisioning, host by host and stage by stage. The CLI renders these as a
 * listr2 tree (host → stage) on a terminal, timestamped lines otherwise, and NDJSON with
 * --json. Messages never hold a secret.
 */
export type ProvisionStage = 'connect' | 'preflight' | 'plan' | 'upload' | 'install' | 'configure' | 'start' | 'stop' | 'remove' | 'postflight';
export type ProvisionStatus = 'started' | 'progress' | 'done' | 'unchanged' | 'skipped' | 'failed';

export interface ProvisionEvent {
  time: string;
  /** Node name (master-1, agent-2) or "cluster" for cluster-wide stages. */
  node: string;
  host: string;
  stage: ProvisionStage;
  status: ProvisionStatus;
  message?: string;
  elapsedMs?: number;
}

export type ProvisionListener = (event: ProvisionEvent) => void;

/** Runs `work` as one stage of one node, emitting started/done/failed around it. */
export async function stage<T>(
  emit: ProvisionListener, node: { name: string; host: string }, name: ProvisionStage, work: (report: (message: string) => void) => Promise<T>,
): Promise<T> {
  const started = Date.now();
  const base = { node: node.name, host: node.host, stage: name };
  emit({ time: new Date().toISOString(), ...base, status: 'started' });
  try {
    const result = await work((message) => emit({ time: new Date().toISOString(), ...base, status: 'progress', message }));
    emit({ time: new Date().toISOString(), ...base, status: 'done', elapsedMs: Date.now() - started });
    return result;
  } catch (err) {
    emit({ time: new Date().toISOString(), ...base, status: 'failed', message: (err as Error).message, elapsedMs: Date.now() - started });
    throw err;
  }
}

/** Runs `fn` over `items` with at most `limit` at once; never rejects: each result is a value or an error. */
export async function mapSettled<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<Array<{ item: T; value?: R; error?: Error }>> {
  const results: Array<{ item: T; value?: R; error?: Error }> = items.map((item) => ({ item }));
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i].value = await fn(items[i]);
      } catch (err) {
        results[i].error = err as Error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
