import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentClient } from '../../src/api/agent-client.js';
import { MarathonClient } from '../../src/api/marathon-client.js';
import { MasterClient } from '../../src/api/master-client.js';
import { ROOT } from './dcos-cli.js';
import { eventually, isAlive } from './proc.js';
import { killProcessesUnder } from './processes.js';

/**
 * A master and agents as real daemon processes (bin/dcos-master.js, bin/dcos-agent.js)
 * on fixed loopback addresses, for fault drills: each daemon can be SIGKILLed, stopped
 * with SIGSTOP, continued and started again with the same flags and state. Everything
 * lives in one temp dir; stop() ends the daemons it started and every task process
 * under that dir, pass or fail, and nothing else.
 */
export interface DaemonClusterOptions {
  /** Loopback block 127.0.B.x: the master on .1, agents on .2 and up. */
  block: number;
  agents: number;
  /** Master's --agent-ping-timeout-ms: how long an agent may be silent before it is unreachable. */
  agentPingTimeoutMs: number;
  /** More flags for every agent, e.g. ['--driver', 'simulated']. */
  agentFlags?: string[];
}

export class Daemon {
  private child?: ChildProcess;

  constructor(readonly name: string, private readonly argv: string[], private readonly logFile: string, private readonly cwd: string) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) throw new Error(`${this.name} is already running (pid ${this.pid})`);
    const fd = openSync(this.logFile, 'a');
    try {
      this.child = spawn(process.execPath, this.argv, { cwd: this.cwd, detached: true, stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
  }

  signal(signal: NodeJS.Signals): void {
    if (this.child?.pid) process.kill(this.child.pid, signal);
  }

  /** SIGKILL, and resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  logTail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

export class DaemonCluster {
  readonly token = 'operator-token-for-drills';
  readonly nodeToken = 'node-token-for-drills';
  readonly master: Daemon;
  readonly agents: Daemon[] = [];
  readonly marathon: MarathonClient;
  readonly mesos: MasterClient;

  private constructor(readonly dir: string, readonly o: DaemonClusterOptions) {
    writeFileSync(join(dir, 'token'), this.token, { mode: 0o600 });
    writeFileSync(join(dir, 'node-token'), this.nodeToken, { mode: 0o600 });
    this.master = new Daemon('master', [
      join(ROOT, 'bin/dcos-master.js'), '--listen', `${this.host(1)}:5050`, '--state-dir', join(dir, 'master'),
      '--token-file', join(dir, 'token'), '--node-token-file', join(dir, 'node-token'), '--cluster-name', 'drills',
      '--agent-ping-timeout-ms', String(o.agentPingTimeoutMs), '--allocation-interval-ms', '100',
    ], join(dir, 'master.log'), dir);
    for (let i = 0; i < o.agents; i++) {
      this.agents.push(new Daemon(`agent-${i + 1}`, [
        join(ROOT, 'bin/dcos-agent.js'), '--master', this.url, '--listen', `${this.host(i + 2)}:5051`, '--work-dir', join(dir, `agent-${i + 1}`),
        '--node-token-file', join(dir, 'node-token'), '--cpus', '4', '--mem', '4096', '--ports', '31000-32000', ...(o.agentFlags ?? []),
      ], join(dir, `agent-${i + 1}.log`), dir));
    }
    this.marathon = new MarathonClient({ baseUrl: this.url, token: this.token });
    this.mesos = new MasterClient({ baseUrl: this.url, token: this.token });
  }

  static async start(o: DaemonClusterOptions): Promise<DaemonCluster> {
    const c = new DaemonCluster(realpathSync(mkdtempSync(join(tmpdir(), 'dcos-drill-'))), o);
    try {
      c.master.start();
      for (const a of c.agents) a.start();
      await c.allAgentsActive();
    } catch (err) {
      await c.stop();
      throw err;
    }
    return c;
  }

  host(n: number): string {
    return `127.0.${this.o.block}.${n}`;
  }

  get url(): string {
    return `http://${this.host(1)}:5050`;
  }

  /** The agent's own view of its tasks, with the node credential. */
  agentApi(index: number): AgentClient {
    return new AgentClient({ baseUrl: `http://${this.host(index + 2)}:5051`, token: this.nodeToken, timeoutMs: 2_000 });
  }

  async allAgentsActive(timeoutMs = 15_000): Promise<void> {
    await eventually(async () => {
      const { slaves } = await this.mesos.state();
      return slaves.length === this.agents.length && slaves.every((s) => s.active);
    }, timeoutMs, `${this.agents.length} agents to be registered and active`).catch((err: Error) => {
      throw new Error(`${err.message}\n--- master log\n${this.master.logTail()}\n${this.agents.map((a) => `--- ${a.name} log\n${a.logTail()}`).join('\n')}`);
    });
  }

  /** Ends every daemon it started (SIGCONT first, in case one is stopped) and every task under its dir. */
  async stop(): Promise<void> {
    for (const d of [this.master, ...this.agents]) {
      if (!d.running) continue;
      try {
        d.signal('SIGCONT');
      } catch {
        // already gone
      }
      await d.kill();
    }
    await killProcessesUnder(this.dir);
    for (const d of [this.master, ...this.agents]) if (d.pid !== undefined && isAlive(d.pid)) throw new Error(`${d.name} (pid ${d.pid}) outlived stop()`);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
