/**
 * Event latency: from an agent's status update reaching the master to the matching
 * status_update_event reaching an SSE client of /v2/events. The master runs as its own
 * process; this benchmark is the agent (the real agent protocol: register, heartbeats,
 * launches answered, status updates posted) and the SSE client, so each sample is one
 * POST of one update and the wait for its event, nothing queued before it. The floor,
 * measured in the same run: one heartbeat POST to the same master, i.e. the HTTP round
 * trip with no scheduler work. Goal: p99 under 5 ms.
 *
 *   node --import tsx bench/event-latency.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { request } from 'undici';
import { startMasterProcess, type MasterProcess } from './master-process.js';
import { BENCH_BLOCK, isMain, median, ms, printRows, recordResults, until } from './support.js';

const MASTER = `127.0.${BENCH_BLOCK}.60`;
const AGENT = `127.0.${BENCH_BLOCK}.61`;
const TASKS = 1_000;
const WARMUP = 100;

export interface EventLatencyFigures {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  floor: string;
  floorP50Ms: number;
  floorP99Ms: number;
  ratioP99: number;
  goalP99Ms: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** A stand-in agent: answers the master's launches (recording the tasks) and kills. */
async function fakeAgent(): Promise<{ server: Server; port: number; launched: Array<{ taskId: string; frameworkId: string }> }> {
  const launched: Array<{ taskId: string; frameworkId: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (req.url === '/api/v1/tasks/launch') {
        const { frameworkId, tasks } = JSON.parse(body) as { frameworkId: string; tasks: Array<{ taskId: string }> };
        for (const t of tasks) launched.push({ taskId: t.taskId, frameworkId });
        res.setHeader('content-type', 'application/json');
        return res.end(JSON.stringify({ accepted: tasks.map((t) => t.taskId) }));
      }
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, AGENT, () => r()));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0, launched };
}

/** An SSE client that calls `onEvent` for each status_update_event, at the moment it is read. */
function sseClient(url: string, token: string, onEvent: (taskId: string) => void): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/v2/events?event_type=status_update_event`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` } });
    req.on('error', reject);
    req.on('response', (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((l) => l.startsWith('data:'));
          if (data) onEvent((JSON.parse(data.slice(5)) as { taskId: string }).taskId);
        }
      });
      resolve(res);
    });
    req.end();
  });
}

export async function eventLatencyBench(): Promise<EventLatencyFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'dcos-bench-events-'));
  let master: MasterProcess | undefined;
  const agent = await fakeAgent();
  let heartbeat: NodeJS.Timeout | undefined;
  let stream: IncomingMessage | undefined;
  try {
    master = await startMasterProcess({ host: MASTER, dir });
    const m = master;
    const node = { authorization: `Bearer ${m.nodeToken}`, 'content-type': 'application/json' };
    const agentId = `bench-agent-${randomUUID()}-S0`;
    const post = async (path: string, body: unknown) => {
      const res = await request(`${m.url}${path}`, { method: 'POST', headers: node, body: JSON.stringify(body) });
      await res.body.text();
      return res.statusCode;
    };
    const registered = await post('/internal/v1/agents/register', {
      agentId, hostname: AGENT, port: agent.port, version: 'bench', attributes: {}, tasks: [],
      resources: { cpus: 64, mem: 65536, disk: 0, ports: [[31000, 32000]] },
    });
    if (registered !== 200) throw new Error(`registration answered ${registered}`);
    heartbeat = setInterval(() => { void post(`/internal/v1/agents/${agentId}/heartbeat`, {}); }, 1_000);

    await m.marathon.createApp({ id: '/bench/events', cmd: 'sleep 3600', instances: TASKS, cpus: 0.01, mem: 1, portDefinitions: [] });
    await until(`${TASKS} launches to reach the agent`, async () => (agent.launched.length >= TASKS ? true : undefined), { timeoutMs: 60_000, pollMs: 20 });

    const arrived = new Map<string, number>();
    const waiting = new Map<string, () => void>();
    stream = await sseClient(m.url, m.token, (taskId) => {
      arrived.set(taskId, performance.now());
      waiting.get(taskId)?.();
    });
    const latencies: number[] = [];
    for (const [k, task] of agent.launched.slice(0, TASKS).entries()) {
      const seen = new Promise<void>((resolve) => waiting.set(task.taskId, resolve));
      const start = performance.now();
      await post(`/internal/v1/agents/${agentId}/updates`, {
        updates: [{ taskId: task.taskId, frameworkId: task.frameworkId, agentId, state: 'TASK_RUNNING', timestamp: Date.now() / 1000, source: 'SOURCE_EXECUTOR', uuid: randomUUID() }],
      });
      await seen;
      if (k >= WARMUP) latencies.push(arrived.get(task.taskId)! - start);
    }
    const floor: number[] = [];
    for (let k = 0; k < TASKS; k++) {
      const start = performance.now();
      await post(`/internal/v1/agents/${agentId}/heartbeat`, {});
      if (k >= WARMUP) floor.push(performance.now() - start);
    }
    latencies.sort((a, b) => a - b);
    floor.sort((a, b) => a - b);
    const figures: EventLatencyFigures = {
      samples: latencies.length,
      p50Ms: median(latencies),
      p99Ms: quantile(latencies, 0.99),
      maxMs: latencies[latencies.length - 1],
      floor: 'one heartbeat POST to the same master: the HTTP round trip with no scheduler work',
      floorP50Ms: median(floor),
      floorP99Ms: quantile(floor, 0.99),
      ratioP99: quantile(latencies, 0.99) / quantile(floor, 0.99),
      goalP99Ms: 5,
    };
    recordResults('eventLatency', figures);
    return figures;
  } finally {
    if (heartbeat) clearInterval(heartbeat);
    stream?.destroy();
    await master?.stop();
    await new Promise<void>((r) => agent.server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
}

export function eventLatencyRows(r: EventLatencyFigures): string[][] {
  return [[
    'status update → SSE client (p99)', `${ms(r.p99Ms)} (p50 ${ms(r.p50Ms)})`, `heartbeat round trip p99: ${ms(r.floorP99Ms)} (p50 ${ms(r.floorP50Ms)})`, `${r.ratioP99.toFixed(1)}×`, `p99 < ${r.goalP99Ms} ms`,
  ]];
}

if (isMain(import.meta.url)) {
  eventLatencyBench().then((r) => {
    printRows([['figure', 'result', 'floor (same run)', 'ratio', 'goal'], ...eventLatencyRows(r)]);
  }, (err) => {
    console.error(err);
    process.exit(1);
  });
}
