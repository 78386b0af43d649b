/**
 * The floor of "POST → every task RUNNING" for a master: the agent protocol alone.
 *
 * A stand-in master, in its own process as the real one is, that decides and stores
 * nothing: it registers agents, answers heartbeats, and on POST /floor/run {instances}
 * sends the same launches the services scheduler would (same fields, spread evenly, one
 * launch request per agent as one accepted offer per agent is) and acknowledges every
 * status update batch at once, answering when the last task reported TASK_RUNNING.
 * Everything the agents do (HTTP launch, task records, sandboxes, status updates with
 * their batching, one request in flight per agent) is the same work as under the real
 * master, so real ÷ floor is what the master's scheduling, allocation and stores add.
 *
 * Run as a child: node --import tsx bench/protocol-floor.ts HOST:PORT NODE_TOKEN_FILE
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { AgentClient } from '../src/api/agent-client.js';
import { HttpClient } from '../src/api/http-client.js';
import type { RegisterAgentRequest, StatusUpdateBatch } from '../src/api/master-types.js';
import type { TaskLaunch } from '../src/core/framework.js';
import { newTaskId } from '../src/core/ids.js';
import { requireCredentials } from '../src/runtime/http/auth.js';
import { createServer } from '../src/runtime/http/server.js';
import { isMain, until } from './support.js';

export interface FloorMaster {
  url: string;
  pid: number;
  /** Launches `instances` tasks of a `sleep 3600` app; resolves with the ms from the request to the last RUNNING, as the floor master saw it. */
  run(instances: number): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the floor master as its own process on `listen` (HOST:PORT) and waits until it answers. */
export async function startFloorMaster(listen: string, nodeTokenFile: string, nodeToken: string): Promise<FloorMaster> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), listen, nodeTokenFile], { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://${listen}`;
  const http = new HttpClient({ baseUrl: url, token: nodeToken, timeoutMs: 600_000 });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await until('the floor master to answer', async () => {
      if (child.exitCode !== null) throw new Error(`the floor master exited ${child.exitCode}`);
      return (await http.send('GET', '/ping').then((r) => r.status === 200, () => false)) || undefined;
    }, { timeoutMs: 30_000, pollMs: 50 });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    pid: child.pid!,
    run: async (instances) => (await http.json<{ elapsedMs: number }>('POST', '/floor/run', { instances })).elapsedMs,
    stop,
  };
}

const APP_ID = '/bench/floor';

/** The launch Marathon's task factory builds for the benchmark's app (task-factory.ts buildLaunch). */
function launchFor(host: string, run: number): TaskLaunch {
  const taskId = newTaskId(`${APP_ID}-${run}`);
  return {
    taskId, name: `floor-${run}.bench`, command: { shell: true, value: 'sleep 3600' },
    resources: { cpus: 0.001, mem: 1, disk: 0, ports: [] },
    env: {
      HOST: host, MESOS_TASK_ID: taskId, MARATHON_APP_ID: `${APP_ID}-${run}`, MARATHON_APP_VERSION: new Date().toISOString(),
      MARATHON_APP_RESOURCE_CPUS: '0.001', MARATHON_APP_RESOURCE_MEM: '1', MARATHON_APP_RESOURCE_DISK: '0', MARATHON_APP_RESOURCE_GPUS: '0', MARATHON_APP_LABELS: '',
    },
  };
}

async function serve(listen: string, nodeTokenFile: string): Promise<void> {
  const [host, port] = listen.split(':');
  const nodeToken = readFileSync(nodeTokenFile, 'utf8').trim();
  /** By address: a fresh fleet on the same addresses replaces the one before. */
  const agents = new Map<string, AgentClient & { hostname: string; agentId: string }>();
  let waiting = new Set<string>();
  let allRunning: (() => void) | undefined;
  let runs = 0;
  const server = createServer({ logger: pino({ level: 'warn' }), daemon: 'master' });
  server.get('/ping', async () => 'pong');
  await server.register(async (internal) => {
    internal.addHook('onRequest', requireCredentials(() => [nodeToken]));
    internal.post<{ Body: RegisterAgentRequest }>('/internal/v1/agents/register', async (req) => {
      const a = req.body;
      const client = Object.assign(new AgentClient({ baseUrl: `http://${a.hostname}:${a.port}`, token: nodeToken, timeoutMs: 600_000 }), { hostname: a.hostname, agentId: a.agentId });
      agents.set(`${a.hostname}:${a.port}`, client);
      return { agentId: a.agentId, masterId: 'floor', heartbeatIntervalMs: 5_000 };
    });
    internal.post<{ Params: { id: string } }>('/internal/v1/agents/:id/heartbeat', async (req, reply) =>
      ([...agents.values()].some((a) => a.agentId === req.params.id) ? { ok: true } : reply.code(404).send({ message: 'register again' })));
    internal.post<{ Body: StatusUpdateBatch }>('/internal/v1/agents/:id/updates', async (req) => {
      for (const u of req.body.updates) if (u.state === 'TASK_RUNNING') waiting.delete(u.taskId);
      if (waiting.size === 0) allRunning?.();
      return { acknowledged: req.body.updates.map((u) => u.uuid).filter((u): u is string => typeof u === 'string') };
    });
    internal.post<{ Body: { instances: number } }>('/floor/run', async (req) => {
      const start = performance.now();
      const run = runs++;
      const clients = [...agents.values()];
      const perAgent = clients.map(() => [] as TaskLaunch[]);
      for (let i = 0; i < req.body.instances; i++) perAgent[i % clients.length].push(launchFor(clients[i % clients.length].hostname, run));
      waiting = new Set(perAgent.flat().map((l) => l.taskId));
      const done = new Promise<void>((resolve) => { allRunning = resolve; });
      await Promise.all(clients.map((c, i) => (perAgent[i].length > 0 ? c.launch({ frameworkId: 'floor-framework', tasks: perAgent[i] }) : undefined)));
      await done;
      return { elapsedMs: performance.now() - start };
    });
  });
  await server.listen({ host, port: Number(port) });
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

if (isMain(import.meta.url)) {
  const [listen, tokenFile] = process.argv.slice(2);
  serve(listen, tokenFile).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
