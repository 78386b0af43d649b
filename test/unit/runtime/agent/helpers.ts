import { createServer as createNetServer, type AddressInfo as NetAddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import type { TaskLaunch, TaskStatus } from '../../../../src/core/framework.js';
import type { RegisterAgentRequest } from '../../../../src/api/master-types.js';
import type { StateOp } from '../../../../src/runtime/state/state-store.js';
import type { BatchedWriter } from '../../../../src/runtime/agent/batched-writer.js';
import type { StatusUpdates } from '../../../../src/runtime/agent/status-updates.js';

export const silentLogger = pino({ level: 'silent' });
export const NODE_TOKEN = 'node-secret-for-tests';

/** A fresh work dir under the system temp dir (real path: /proc shows real paths). */
/** A port nothing listens on right now, on `host`. */
export async function freePort(host: string): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as NetAddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export function tempDir(prefix = 'dcos-agent-test-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function writeTokenFile(dir: string, token = NODE_TOKEN): string {
  const file = join(dir, 'node-token');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return file;
}

/** A file's text, or '' while it does not exist. */
export function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Polls `check` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function shellTask(taskId: string, value: string, extra: Partial<TaskLaunch> = {}): TaskLaunch {
  return {
    taskId,
    name: taskId,
    command: { shell: true, value },
    resources: { cpus: 0.1, mem: 16, disk: 0, ports: [] },
    env: {},
    ...extra,
  };
}

/** A StatusUpdates that records updates and stores their ops, but delivers nothing: for tests of the runner alone. */
export class RecordingUpdates implements StatusUpdates {
  readonly statuses: TaskStatus[] = [];

  constructor(private readonly writer?: BatchedWriter) {}

  enqueue(status: TaskStatus, ops: StateOp[] = []): void {
    this.statuses.push(status);
    void this.writer?.write(ops);
  }

  hasPending(): boolean {
    return false;
  }

  of(taskId: string): TaskStatus[] {
    return this.statuses.filter((s) => s.taskId === taskId);
  }

  states(taskId: string): string[] {
    return this.of(taskId).map((s) => s.state);
  }

  last(taskId: string): TaskStatus | undefined {
    return this.of(taskId).at(-1);
  }
}

/**
 * A master that speaks the agent protocol over real HTTP and records what agents send.
 * `ack` decides which updates of a POST it acknowledges; `known` answers heartbeats.
 */
export class FakeMaster {
  readonly registrations: RegisterAgentRequest[] = [];
  readonly updatePosts: TaskStatus[][] = [];
  readonly received: TaskStatus[] = [];
  heartbeats = 0;
  known = true;
  failUpdatePosts = 0;
  ack: (u: TaskStatus) => boolean = () => true;
  heartbeatIntervalMs = 100;
  private readonly app: FastifyInstance = Fastify();
  url = '';

  constructor(private readonly host = '127.0.50.1', private readonly token = NODE_TOKEN) {
    this.app.addHook('onRequest', async (req, reply) => {
      if (req.headers.authorization !== `Bearer ${this.token}`) await reply.code(401).send({ message: 'Invalid credentials' });
    });
    this.app.post<{ Body: RegisterAgentRequest }>('/internal/v1/agents/register', async (req) => {
      this.registrations.push(req.body);
      this.known = true;
      return { agentId: req.body.agentId, masterId: 'fake-master', heartbeatIntervalMs: this.heartbeatIntervalMs };
    });
    this.app.post('/internal/v1/agents/:id/heartbeat', async (_req, reply) => {
      this.heartbeats++;
      return this.known ? {} : reply.code(404).send({ message: 'unknown agent' });
    });
    this.app.post<{ Body: { updates: TaskStatus[] } }>('/internal/v1/agents/:id/updates', async (req, reply) => {
      this.updatePosts.push(req.body.updates);
      if (this.failUpdatePosts > 0) {
        this.failUpdatePosts--;
        return reply.code(503).send({ message: 'not now' });
      }
      const acked = req.body.updates.filter((u) => this.ack(u));
      for (const u of acked) if (!this.received.some((r) => r.uuid === u.uuid)) this.received.push(u);
      return { acknowledged: acked.map((u) => u.uuid) };
    });
  }

  async start(port = 0): Promise<this> {
    await this.app.listen({ host: this.host, port });
    const address = this.app.server.address();
    this.url = `http://${this.host}:${typeof address === 'object' && address ? address.port : port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.app.close();
  }

  /** Updates the master recorded for a task, in arrival order. */
  statesOf(taskId: string): string[] {
    return this.received.filter((u) => u.taskId === taskId).map((u) => u.state);
  }

  lastRegistration(): RegisterAgentRequest | undefined {
    return this.registrations.at(-1);
  }
}
