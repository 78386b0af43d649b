import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { RegisterAgentRequest, RegisterAgentResponse } from '../../api/master-types.js';
import { Backoff } from '../../core/backoff.js';

/** The calls the link makes; AgentProtocolClient implements them over HTTP. */
export interface MasterProtocol {
  register(req: RegisterAgentRequest): Promise<RegisterAgentResponse>;
  /** false: the master does not know this agent (it must register again). */
  heartbeat(agentId: string): Promise<boolean>;
}

export interface MasterLinkOptions {
  master: MasterProtocol;
  clock: Clock;
  logger: Logger;
  agentId: () => string;
  /** Built at every attempt, so it reports the tasks as they are at that moment. */
  registration: () => RegisterAgentRequest;
  onRegistered: (res: RegisterAgentResponse) => void;
  /** The master stopped knowing this agent; a new registration is under way. */
  onUnregistered: () => void;
  /** Between registration attempts while the master is unreachable (default 100 ms → 2 s). */
  backoff?: Backoff;
}

/** Bounds on the master's heartbeat interval, guarding against a zero or absurd value. */
const MIN_HEARTBEAT_MS = 50;
const MAX_HEARTBEAT_MS = 60_000;
const DEFAULT_HEARTBEAT_MS = 5_000;

/**
 * Keeps this agent registered with the master: registers at start, heartbeats at the
 * interval the master asked for, and registers again (with every task it knows) when a
 * heartbeat says the master forgot it, e.g. after the master lost its state. A master
 * that is down is waited for, never given up on.
 */
export class MasterLink {
  private readonly backoff: Backoff;
  private timer?: TimerHandle;
  private stopped = false;
  private registeredFlag = false;
  private intervalMs = DEFAULT_HEARTBEAT_MS;
  private lastProblem?: string;

  constructor(private readonly opts: MasterLinkOptions) {
    this.backoff = opts.backoff ?? new Backoff(100, 2_000);
  }

  get registered(): boolean {
    return this.registeredFlag;
  }

  start(): void {
    void this.register();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  private async register(): Promise<void> {
    if (this.stopped) return;
    const req = this.opts.registration();
    let res: RegisterAgentResponse;
    try {
      res = await this.opts.master.register(req);
    } catch (err) {
      if (this.stopped) return;
      const delay = this.backoff.next();
      this.problem('cannot register with the master; retrying', (err as Error).message, { retryInMs: delay });
      this.after(delay, () => this.register());
      return;
    }
    if (this.stopped) return;
    this.backoff.reset();
    this.lastProblem = undefined;
    this.registeredFlag = true;
    const interval = Number(res.heartbeatIntervalMs);
    this.intervalMs = Number.isFinite(interval) && interval > 0
      ? Math.min(MAX_HEARTBEAT_MS, Math.max(MIN_HEARTBEAT_MS, interval)) : DEFAULT_HEARTBEAT_MS;
    this.opts.logger.info({ agentId: res.agentId, masterId: res.masterId, tasks: req.tasks.length, heartbeatIntervalMs: this.intervalMs }, 'registered with the master');
    this.opts.onRegistered(res);
    this.after(this.intervalMs, () => this.heartbeat());
  }

  private async heartbeat(): Promise<void> {
    if (this.stopped) return;
    let known: boolean;
    try {
      known = await this.opts.master.heartbeat(this.opts.agentId());
    } catch (err) {
      if (this.stopped) return;
      // Unreachable or erroring: stay registered (the master may come back with its state)
      // and keep knocking at the usual pace.
      this.problem('heartbeat failed', (err as Error).message, {});
      this.after(this.intervalMs, () => this.heartbeat());
      return;
    }
    if (this.stopped) return;
    if (known) {
      if (this.lastProblem) this.opts.logger.info('heartbeats answered again');
      this.lastProblem = undefined;
      this.after(this.intervalMs, () => this.heartbeat());
      return;
    }
    this.opts.logger.warn('the master does not know this agent any more; registering again');
    this.registeredFlag = false;
    this.opts.onUnregistered();
    void this.register();
  }

  private after(ms: number, fn: () => Promise<void>): void {
    this.timer?.cancel();
    this.timer = this.opts.clock.setTimer(ms, () => void fn());
  }

  /** Logs a problem once per distinct message, so a long outage does not flood the log. */
  private problem(what: string, message: string, extra: Record<string, unknown>): void {
    if (message === this.lastProblem) {
      this.opts.logger.debug({ err: message, ...extra }, what);
      return;
    }
    this.lastProblem = message;
    this.opts.logger.warn({ err: message, ...extra }, what);
  }
}
