import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { MarathonClient } from '../../src/api/marathon-client.js';
import type { MarathonApp, MarathonTask } from '../../src/api/marathon-types.js';
import { MasterClient } from '../../src/api/master-client.js';
import type { Resources } from '../../src/core/resources.js';
import { Agent } from '../../src/runtime/agent/agent.js';
import { startMaster, type RunningMaster } from '../../src/runtime/master/master.js';
import { eventually } from './proc.js';
import { killProcessesUnder } from './processes.js';

/**
 * A real cluster inside the test process: the master (startMaster) and agents (Agent)
 * on loopback addresses of the test's choosing, with their state in one temp dir, and a
 * DCOS_DIR there whose attached cluster "test" targets the master. Tasks are real
 * processes under that dir; stop() ends them all and removes the dir.
 */
export interface InProcessClusterOptions {
  /** The master's loopback address, e.g. 127.0.70.1 (it listens on a free port). */
  masterHost: string;
  /** One agent per address; each must differ from the master's and the others'. */
  agentHosts?: string[];
  /** Resources every agent offers (default 2 cpus, 2048 MiB, ports 31000-32000). */
  agentResources?: Resources;
}

export const CLUSTER_NAME = 'test';

export class InProcessCluster {
  readonly token = 'operator-token-for-tests';
  readonly nodeToken = 'node-token-for-tests';
  readonly agents: Agent[] = [];
  master?: RunningMaster;
  /** Typed clients with the operator token, for setting up and checking real state. */
  marathon!: MarathonClient;
  masterApi!: MasterClient;

  private constructor(readonly dir: string, readonly dcosDir: string) {}

  static async start(o: InProcessClusterOptions): Promise<InProcessCluster> {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'dcos-cmd-')));
    const c = new InProcessCluster(dir, join(dir, 'dcos'));
    try {
      c.masterHost = o.masterHost;
      c.master = await c.startMaster(0);
      c.marathon = new MarathonClient({ baseUrl: c.url, token: c.token });
      c.masterApi = new MasterClient({ baseUrl: c.url, token: c.token });
      const log = pino({ level: 'silent' });
      for (const [i, host] of (o.agentHosts ?? []).entries()) {
        c.agents.push(await Agent.start({
          masterUrl: c.url, listenHost: host, listenPort: 0, hostname: host, workDir: join(dir, `agent-${i + 1}`), nodeToken: c.nodeToken,
          resources: o.agentResources ?? { cpus: 2, mem: 2048, disk: 1024, ports: [[31000, 32000]] }, attributes: {},
        }, { logger: log }));
      }
      const ids = c.agents.map((a) => a.id);
      await eventually(async () => {
        const { slaves } = await c.masterApi.state();
        return ids.every((id) => slaves.some((s) => s.id === id && s.active));
      }, 10_000, 'the agents to register');
      c.writeDcosDir();
    } catch (err) {
      await c.stop();
      throw err;
    }
    return c;
  }

  get url(): string {
    return this.master!.url;
  }

  private masterHost = '';

  private startMaster(port: number): Promise<RunningMaster> {
    return startMaster({
      host: this.masterHost, port, stateDir: join(this.dir, 'master'), clusterName: CLUSTER_NAME,
      token: this.token, nodeToken: this.nodeToken, log: pino({ level: 'silent' }), allocationIntervalMs: 100,
    });
  }

  /** Stops the master and starts it again on the same address and port, from its store (the agents reconnect). */
  async restartMaster(): Promise<void> {
    const port = Number(new URL(this.url).port);
    await this.master!.close();
    this.master = undefined;
    this.master = await this.startMaster(port);
  }

  /** $DCOS_DIR with one attached cluster "test": the master's URL and the operator token in a 0600 file. */
  private writeDcosDir(): void {
    const clusterDir = join(this.dcosDir, 'clusters', CLUSTER_NAME);
    mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    const tokenFile = join(clusterDir, 'token');
    writeFileSync(tokenFile, `${this.token}\n`, { mode: 0o600 });
    writeFileSync(join(clusterDir, 'cluster.json'), JSON.stringify({
      name: CLUSTER_NAME, url: this.url, tokenFile, type: 'ssh', createdAt: '2025-01-01T00:00:00.000Z',
    }));
    writeFileSync(join(this.dcosDir, 'attached'), `${CLUSTER_NAME}\n`);
  }

  /** Creates an app and, unless it has no instances, waits until all of them run. */
  async addApp(definition: Record<string, unknown>): Promise<MarathonApp> {
    await this.marathon.createApp({ cpus: 0.01, mem: 8, ...definition });
    const id = String(definition.id);
    return this.waitForRunning(id, Number(definition.instances ?? 1));
  }

  /** Waits until the app runs exactly `n` tasks and no deployment of it is under way. */
  waitForRunning(appId: string, n: number): Promise<MarathonApp> {
    return eventually(async () => {
      const app = await this.marathon.getApp(appId);
      return app.tasksRunning === n && app.tasksStaged === 0 && app.deployments.length === 0 && (await this.marathon.listTasks(appId)).length === n ? app : undefined;
    }, 15_000, `${appId} to run ${n} task(s)`);
  }

  /** What a task has written to a sandbox file so far, read from the sandbox the master reports. */
  async sandboxFile(task: MarathonTask, file = 'stdout'): Promise<string> {
    const { frameworks } = await this.masterApi.state();
    const sandbox = frameworks.flatMap((f) => f.tasks).find((t) => t.id === task.id)?.sandbox_directory;
    if (!sandbox) throw new Error(`the master reports no sandbox for ${task.id}`);
    try {
      return readFileSync(join(sandbox, file), 'utf8');
    } catch {
      return '';
    }
  }

  /** Stops agents and master, kills every task process, removes the dir. Safe to call twice. */
  async stop(): Promise<void> {
    for (const agent of this.agents.splice(0)) await agent.stop().catch(() => undefined);
    await this.master?.close().catch(() => undefined);
    this.master = undefined;
    await killProcessesUnder(this.dir);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
