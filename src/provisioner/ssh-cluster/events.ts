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
  const events = stageEvents(emit, node, name);
  try {
    const result = await work(events.progress);
    events.end('done');
    return result;
  } catch (err) {
    events.end('failed', (err as Error).message);
    throw err;
  }
}

/**
 * The events of one stage of one node, sent by hand: `started` now, then progress
 * messages and one end. For stages whose outcome is decided after their work (plan,
 * preflight, whose checks across hosts need every host's facts).
 */
export function stageEvents(emit: ProvisionListener, node: { name: string; host: string }, name: ProvisionStage) {
  const started = Date.now();
  const send = (status: ProvisionStatus, message?: string) => emit({
    time: new Date().toISOString(), node: node.name, host: node.host, stage: name, status,
    ...(message ? { message } : {}), ...(status === 'started' || status === 'progress' ? {} : { elapsedMs: Date.now() - started }),
  });
  send('started');
  return {
    progress: (message: string) => send('progress', message),
    end: (status: 'done' | 'unchanged' | 'failed', message?: string) => send(status, message),
  };
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
