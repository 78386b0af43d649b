import Fastify, { type FastifyInstance } from 'fastify';
import type { KillTaskRequest, LaunchTasksRequest } from '../../src/api/agent-types.js';

/**
 * An agent's HTTP API (node credential, /api/v1/tasks/{launch,kill}) that records what
 * the master sends and answers as told, for tests of the master's commands to agents.
 */
export class RecordingAgent {
  readonly kills: KillTaskRequest[] = [];
  readonly launches: LaunchTasksRequest[] = [];
  /** Sizes of the batch kill requests (only with `batchKills`; without, the route is absent, as on an older agent). */
  readonly killBatches: number[] = [];
  /** Requests still to answer with 503. */
  failNext = 0;
  port = 0;
  private readonly app: FastifyInstance = Fastify();

  constructor(readonly host: string, private readonly token: string, opts: { batchKills?: boolean } = {}) {
    this.app.addHook('onRequest', async (req, reply) => {
      if (req.headers.authorization !== `Bearer ${this.token}`) await reply.code(401).send({ message: 'Invalid credentials' });
    });
    const answer = async <T>(list: T[], body: T, reply: { code(n: number): { send(b: unknown): unknown } }) => {
      list.push(body);
      if (this.failNext > 0) {
        this.failNext--;
        return reply.code(503).send({ message: 'not now' });
      }
      return {};
    };
    this.app.post<{ Body: KillTaskRequest }>('/api/v1/tasks/kill', async (req, reply) => answer(this.kills, req.body, reply));
    this.app.post<{ Body: LaunchTasksRequest }>('/api/v1/tasks/launch', async (req, reply) => answer(this.launches, req.body, reply));
    if (opts.batchKills) {
      this.app.post<{ Body: { kills: KillTaskRequest[] } }>('/api/v1/tasks/kills', async (req) => {
        this.killBatches.push(req.body.kills.length);
        this.kills.push(...req.body.kills);
        return {};
      });
    }
  }

  async start(): Promise<this> {
    await this.app.listen({ host: this.host, port: this.port });
    const address = this.app.server.address();
    this.port = typeof address === 'object' && address ? address.port : this.port;
    return this;
  }

  async stop(): Promise<void> {
    await this.app.close();
  }

  killsOf(taskId: string): number {
    return this.kills.filter((k) => k.taskId === taskId).length;
  }
}
