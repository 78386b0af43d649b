import { Agent, request } from 'undici';
import { setDeadlineTimer, type Clock, type TimerHandle } from '../../../core/clock.js';
import type { ReadinessCheck } from '../../../core/marathon/app-definition.js';

/** readinessCheck.raml TaskReadinessCheckResult (ms timestamps are ours). */
export interface ReadinessResult {
  name: string;
  taskId: string;
  ready: boolean;
  lastResponse?: { status: number; contentType: string; body: string };
  /** Why the last check did not succeed (connection refused, timeout, status). */
  lastError?: string;
}

export interface ReadinessTarget {
  taskId: string;
  checks: Array<{ check: ReadinessCheck; url: string }>;
}

export type HttpProbe = (url: string, timeoutMs: number) => Promise<{ status: number; contentType: string; body: string }>;

export interface ReadinessCheckerOptions {
  clock: Clock;
  /** After every round of a task's checks: `ready` once all of them answered a ready status (the results: `results(taskId)`). */
  onResult(taskId: string, ready: boolean): void;
  probe?: HttpProbe;
}

/** Bodies kept for preserveLastResponse are cut here: a readiness endpoint is not a download. */
const MAX_BODY_BYTES = 16 * 1024;
const insecure = new Agent({ connect: { rejectUnauthorized: false }, keepAliveTimeout: 1_000 });

/** GET the URL; HTTPS without certificate checks, as Marathon's readiness checks do. */
export const httpProbe: HttpProbe = async (url, timeoutMs) => {
  const res = await request(url, { method: 'GET', dispatcher: insecure, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    if (size < MAX_BODY_BYTES) chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= MAX_BODY_BYTES) break;
  }
  res.body.destroy();
  const contentType = String(res.headers['content-type'] ?? '');
  return { status: res.statusCode, contentType, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY_BYTES) };
};

/**
 * Readiness checks, run by the scheduler as Marathon runs them (readiness-checks.md):
 * during a deployment, against the new tasks of an app that has them, every
 * intervalSeconds until each check answers one of httpStatusCodesForReady; then the task
 * is ready and its checks stop. A deployment step waits for ready tasks, and old tasks are
 * killed only as new ones become ready. `track` is told, after every change, which tasks
 * need checks; the others stop.
 */
export class ReadinessChecker {
  private readonly tasks = new Map<string, { target: ReadinessTarget; results: ReadinessResult[]; timer?: TimerHandle; inFlight: boolean }>();
  private readonly probe: HttpProbe;
  private stopped = false;

  constructor(private readonly o: ReadinessCheckerOptions) {
    this.probe = o.probe ?? httpProbe;
  }

  track(targets: ReadinessTarget[]): void {
    const wanted = new Set(targets.map((t) => t.taskId));
    for (const [taskId, entry] of this.tasks) {
      if (wanted.has(taskId)) continue;
      entry.timer?.cancel();
      this.tasks.delete(taskId);
    }
    for (const target of targets) {
      if (this.tasks.has(target.taskId) || this.stopped) continue;
      const entry = {
        target,
        results: target.checks.map(({ check }) => ({ name: check.name, taskId: target.taskId, ready: false })),
        inFlight: false,
      };
      this.tasks.set(target.taskId, entry);
      this.schedule(target.taskId, 0);
    }
  }

  results(taskId: string): ReadinessResult[] {
    return this.tasks.get(taskId)?.results ?? [];
  }

  stop(): void {
    this.stopped = true;
    for (const e of this.tasks.values()) e.timer?.cancel();
    this.tasks.clear();
  }

  private schedule(taskId: string, delayMs: number): void {
    const entry = this.tasks.get(taskId);
    if (!entry || this.stopped) return;
    entry.timer = setDeadlineTimer(this.o.clock, this.o.clock.now() + delayMs, () => {
      void this.runChecks(taskId);
    });
  }

  private async runChecks(taskId: string): Promise<void> {
    const entry = this.tasks.get(taskId);
    if (!entry || entry.inFlight) return;
    entry.inFlight = true;
    const results = await Promise.all(entry.target.checks.map(async ({ check, url }, k): Promise<ReadinessResult> => {
      const prev = entry.results[k];
      if (prev.ready) return prev;
      try {
        const res = await this.probe(url, check.timeoutSeconds * 1000);
        const ready = check.httpStatusCodesForReady.includes(res.status);
        return { name: check.name, taskId, ready, ...(check.preserveLastResponse ? { lastResponse: res } : {}), ...(ready ? {} : { lastError: `HTTP ${res.status}` }) };
      } catch (err) {
        return { name: check.name, taskId, ready: false, lastError: (err as Error).message };
      }
    }));
    entry.inFlight = false;
    if (this.tasks.get(taskId) !== entry) return; // no longer tracked
    entry.results = results;
    const ready = results.every((r) => r.ready);
    this.o.onResult(taskId, ready);
    if (ready) return;
    const interval = Math.max(1, Math.min(...entry.target.checks.map((c) => c.check.intervalSeconds))) * 1000;
    this.schedule(taskId, interval);
  }
}
