import { randomBytes } from 'node:crypto';
import { MarathonClient } from '../../api/marathon-client.js';
import { MasterClient } from '../../api/master-client.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import type { NodeSpec } from '../cluster-file/cluster-spec.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new DcosError(ErrorCodes.PROVISION, `postflight: ${what} within ${timeoutMs / 1000} s${last ? ` (${(last as Error).message})` : ''}`);
    await sleep(50);
  }
}

export async function waitForMaster(url: string, timeoutMs = 30_000): Promise<void> {
  const client = new MasterClient({ baseUrl: url, timeoutMs: 2_000 });
  await until(`the master at ${url} did not answer /ping`, timeoutMs, async () => ((await client.ping()) ? true : undefined));
}

/** Every given agent is registered (by its address) and active. Returns their agent ids. */
export async function waitForAgents(url: string, token: string, agents: NodeSpec[], timeoutMs = 30_000): Promise<Map<string, string>> {
  const client = new MasterClient({ baseUrl: url, token, timeoutMs: 5_000 });
  return until(`${agents.length} agent(s) did not all register`, timeoutMs, async () => {
    const state = await client.state();
    const ids = new Map<string, string>();
    for (const a of agents) {
      const slave = state.slaves.find((s) => s.hostname === a.address && s.active);
      if (slave) ids.set(a.name, slave.id);
    }
    return ids.size === agents.length ? ids : undefined;
  });
}

/** A canary task is launched, runs, and is removed: the whole loop works end to end. */
export async function runCanary(url: string, token: string, timeoutMs = 30_000): Promise<{ host: string }> {
  const marathon = new MarathonClient({ baseUrl: url, token, timeoutMs: 5_000 });
  const id = `/dcos-postflight-canary-${randomBytes(4).toString('hex')}`;
  await marathon.createApp({ id, cmd: 'exec sleep 3600', instances: 1, cpus: 0.01, mem: 8, labels: { DCOS_POSTFLIGHT: 'true' } });
  try {
    const task = await until('the canary task did not reach TASK_RUNNING', timeoutMs, async () =>
      (await marathon.listTasks(id)).find((t) => t.state === 'TASK_RUNNING'));
    return { host: task.host };
  } finally {
    await marathon.removeApp(id, { force: true }).catch(() => undefined);
    await until('the canary task was not removed', timeoutMs, async () => {
      const tasks = await marathon.listTasks().catch(() => []);
      return tasks.some((t) => t.appId === id) ? undefined : true;
    }).catch(() => undefined);
  }
}
