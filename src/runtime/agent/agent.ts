import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../core/clock.js';
import { DcosError, ErrorCodes } from '../../core/errors.js';
import type { TaskLaunch } from '../../core/framework.js';
import { newAgentId } from '../../core/ids.js';
import type { AgentStateResponse, KillTaskRequest } from '../../api/agent-types.js';
import { AgentProtocolClient } from '../../api/master-client.js';
import type { FileBrowseEntry, FileReadResult, RegisterAgentResponse } from '../../api/master-types.js';
import { SqliteStateStore } from '../state/sqlite-store.js';
import type { StateStore } from '../state/state-store.js';
import type { AgentConfig } from './agent-config.js';
import { BatchedWriter } from './batched-writer.js';
import type { AgentApi } from './http/agent-api.js';
import { createAgentServer } from './http/agent-server.js';
import { MasterLink } from './master-link.js';
import { ProcessDriver } from './process-driver.js';
import { SandboxFiles } from './sandbox-files.js';
import { isRealTask, SimulatedDriver, simulatedProbe } from './simulated-driver.js';
import { StatusUpdateManager } from './status-update-manager.js';
import type { TaskDriver } from './task-driver.js';
import { agentStoreFile, loadTaskRecords } from './task-record.js';
import { recoverTasks } from './task-recovery.js';
import { TaskRunner } from './task-runner.js';
import { AGENT_VERSION } from './version.js';
import { WorkDirLock } from './work-dir-lock.js';

export interface AgentDeps {
  logger: Logger;
  clock?: Clock;
  /** Called once a shutdown request has been answered; the daemon exits there. */
  onShutdown?: () => void;
  /** Default: real processes (ProcessDriver), or SimulatedDriver when the config has `simulation`. */
  driver?: TaskDriver;
  /** Liveness polling of tasks inherited from an earlier agent (default 250 ms). */
  pollIntervalMs?: number;
  /** Source of PATH/HOME/LANG for tasks (default process.env). */
  agentEnv?: NodeJS.ProcessEnv;
}

const AGENT_ID_KEY = 'agent/id';
/** How long a shutdown waits for the last status updates to reach the master. */
const SHUTDOWN_FLUSH_MS = 2_000;
/** Extra wait after the last SIGKILL deadline before a shutdown stops waiting for tasks. */
const SHUTDOWN_KILL_SLACK_MS = 10_000;

/**
 * The composition root of an agent: store, task runner, status update outbox, master
 * link and HTTP API. Start order matters: unacknowledged updates and task records are
 * loaded and the recovered tasks judged before the agent registers, so the master's
 * first view of this agent already holds every task.
 */
export class Agent implements AgentApi {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly lock: WorkDirLock;
  private readonly store: StateStore;
  private readonly writer: BatchedWriter;
  private readonly updates: StatusUpdateManager;
  private readonly driver: TaskDriver;
  private readonly runner: TaskRunner;
  private readonly files: SandboxFiles;
  private readonly server: FastifyInstance;
  private readonly link: MasterLink;
  private agentId = '';
  private boundPort = 0;
  private stopped = false;
  private shuttingDown = false;
  private readonly firstRegistration: Promise<void>;
  private resolveRegistered!: () => void;

  static async start(config: AgentConfig, deps: AgentDeps): Promise<Agent> {
    const agent = new Agent(config, deps);
    try {
      await agent.init();
    } catch (err) {
      await agent.stop().catch(() => undefined);
      throw err;
    }
    return agent;
  }

  private constructor(private readonly config: AgentConfig, private readonly deps: AgentDeps) {
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger;
    this.firstRegistration = new Promise((resolve) => { this.resolveRegistered = resolve; });
    mkdirSync(config.workDir, { recursive: true, mode: 0o755 });
    this.lock = new WorkDirLock(config.workDir);
    this.lock.acquire();
    const sandboxesRoot = join(config.workDir, 'sandboxes');
    mkdirSync(sandboxesRoot, { recursive: true, mode: 0o755 });
    this.store = new SqliteStateStore(agentStoreFile(config.workDir));
    this.writer = new BatchedWriter(this.store, (err) => this.logger.error({ err }, 'cannot write the agent store'));
    const master = new AgentProtocolClient({ baseUrl: config.masterUrl, token: config.nodeToken, timeoutMs: 10_000 });
    this.updates = new StatusUpdateManager({
      store: this.store, writer: this.writer, clock: this.clock, logger: this.logger,
      send: async (updates) => (await master.sendUpdates(this.agentId, { updates })).acknowledged ?? [],
      onAcknowledged: (statuses) => this.runner.acknowledged(statuses),
    });
    this.driver = deps.driver ?? (config.simulation
      ? new SimulatedDriver({ clock: this.clock, ...config.simulation })
      : new ProcessDriver({ clock: this.clock, logger: this.logger, pollIntervalMs: deps.pollIntervalMs }));
    this.runner = new TaskRunner({
      driver: this.driver, updates: this.updates, writer: this.writer, clock: this.clock, logger: this.logger,
      sandboxesRoot, hostname: config.hostname, agentId: () => this.agentId, agentEnv: deps.agentEnv,
      ...(config.simulation ? { probe: simulatedProbe } : {}),
    });
    this.files = new SandboxFiles(sandboxesRoot);
    this.server = createAgentServer({ logger: this.logger, api: this, nodeToken: config.nodeToken });
    this.link = new MasterLink({
      master, clock: this.clock, logger: this.logger, agentId: () => this.agentId,
      registration: () => ({
        agentId: this.agentId, hostname: config.hostname, port: this.boundPort,
        resources: config.resources, attributes: config.attributes, version: AGENT_VERSION, tasks: this.runner.reports(),
      }),
      onRegistered: (res) => this.registered(res),
      onUnregistered: () => this.updates.setConnected(false),
    });
  }

  get id(): string {
    return this.agentId;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Resolves once the master has accepted this agent's first registration. */
  whenRegistered(): Promise<void> {
    return this.firstRegistration;
  }

  /** Stops serving and talking to the master. Tasks keep running: a new agent process takes them over. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.link.stop();
    this.runner.stop();
    this.updates.stop();
    this.driver.stop();
    await this.server.close().catch((err) => this.logger.warn({ err }, 'error while closing the HTTP server'));
    await this.writer.flush();
    await this.store.close();
    this.lock.release();
  }

  state(): AgentStateResponse {
    return { id: this.agentId, hostname: this.config.hostname, port: this.boundPort, tasks: this.runner.reports() };
  }

  launch(frameworkId: string, tasks: TaskLaunch[]): Promise<string[]> {
    // A task launched now would outlive the shutdown that is killing the others.
    if (this.shuttingDown) return Promise.reject(new DcosError(ErrorCodes.UNREACHABLE, 'The agent is shutting down; launch refused', { status: 503 }));
    return this.runner.launch(frameworkId, tasks);
  }

  kill(req: KillTaskRequest): void {
    this.runner.kill(req.taskId, req.gracePeriodSeconds, req.frameworkId);
  }

  async shutdown(killTasks: boolean): Promise<void> {
    this.logger.info({ killTasks }, 'shutdown requested');
    this.shuttingDown = true;
    if (killTasks) {
      const settled = this.runner.killAll();
      const capMs = Math.max(0, this.runner.latestKillDeadline() - this.clock.now()) + SHUTDOWN_KILL_SLACK_MS;
      let cap: { cancel(): void } | undefined;
      const timedOut = new Promise<boolean>((resolve) => { cap = this.clock.setTimer(capMs, () => resolve(true)); });
      if (await Promise.race([settled.then(() => false), timedOut])) this.logger.error('some tasks did not end after SIGKILL');
      cap?.cancel();
    }
    if (!(await this.updates.flush(SHUTDOWN_FLUSH_MS))) this.logger.warn({ pending: this.updates.pending().length }, 'shutting down with undelivered status updates');
  }

  afterShutdown(): void {
    this.deps.onShutdown?.();
  }

  readFile(path: unknown, offset: unknown, length: unknown): Promise<FileReadResult> {
    return this.files.read(path, offset, length);
  }

  browse(path: unknown): Promise<FileBrowseEntry[]> {
    return this.files.browse(path);
  }

  private async init(): Promise<void> {
    this.agentId = (await this.store.get<string>(AGENT_ID_KEY)) ?? '';
    if (!this.agentId) {
      this.agentId = newAgentId();
      await this.store.commit([{ type: 'put', key: AGENT_ID_KEY, value: this.agentId }]);
    }
    await this.updates.load();
    if (this.config.simulation) {
      const real = (await loadTaskRecords(this.store)).filter(isRealTask);
      if (real.length > 0) {
        throw new DcosError(ErrorCodes.BAD_REQUEST, `--driver simulated on ${this.config.workDir}, which holds ${real.length} real tasks (e.g. ${real[0].taskId}): a simulated agent would report them lost while they run; use another --work-dir`);
      }
    }
    await recoverTasks(this.store, this.runner, this.logger);
    await this.server.listen({ host: this.config.listenHost, port: this.config.listenPort });
    this.boundPort = (this.server.server.address() as AddressInfo).port;
    this.logger.info({ agentId: this.agentId, address: `${this.config.hostname}:${this.boundPort}`, master: this.config.masterUrl, resources: this.config.resources,
      ...(this.config.simulation ? { simulation: this.config.simulation } : {}) }, 'agent started');
    this.link.start();
  }

  private registered(res: RegisterAgentResponse): void {
    if (res.agentId && res.agentId !== this.agentId) {
      // The master's word on identity wins; keep it so heartbeats and updates match.
      this.logger.warn({ ours: this.agentId, master: res.agentId }, 'the master assigned another agent id');
      this.agentId = res.agentId;
      void this.writer.write([{ type: 'put', key: AGENT_ID_KEY, value: this.agentId }]);
    }
    this.updates.setConnected(true);
    this.resolveRegistered();
  }
}
