import * as Flags from '@oclif/core/flags';
import type { MarathonApp, QueueItem } from '../api/marathon-types.js';
import { DcosError, ErrorCodes } from '../core/errors.js';
import { refuseFlags } from './errors.js';

/** --wait and --timeout of the commands that start a package's app (install, upgrade). */
export const waitFlags = {
  wait: Flags.boolean({ description: 'wait until every instance runs and is healthy' }),
  timeout: Flags.integer({ description: 'seconds --wait waits (default 300)', min: 1 }),
};

/** What followAppStart takes from those flags; --timeout without --wait is refused, not ignored. */
export function waitOptions(flags: { wait: boolean; timeout?: number }): { wait: boolean; timeoutMs: number } {
  if (!flags.wait) refuseFlags(flags, ['timeout'], 'with --wait');
  return { wait: flags.wait, timeoutMs: (flags.timeout ?? 300) * 1000 };
}

/**
 * After `package install` / `package upgrade`: where the package's app stands, in one line
 * ("0/1 running; waiting: 2 agents: insufficient mem …"), and the wait of --wait until
 * every instance runs and, when the app has health checks, is healthy. The reason an app
 * waits comes from GET /v2/queue (`waitingReason`), so a person learns why instead of
 * watching a counter.
 */
export interface AppSnapshot {
  app: MarathonApp;
  /** The app's entry in the launch queue, when it has one. */
  queued?: QueueItem;
}

const hasHealthChecks = (app: MarathonApp) => Array.isArray(app.healthChecks) && app.healthChecks.length > 0;

/** Every instance runs (and is healthy, with health checks) and no deployment works on the app. */
export function appReady(s: AppSnapshot): boolean {
  const { app } = s;
  const healthy = !hasHealthChecks(app) || app.tasksHealthy >= app.instances;
  return app.tasksRunning >= app.instances && healthy && (app.deployments ?? []).length === 0;
}

/**
 * Every instance has a running task (healthy or not yet) and nothing waits to launch:
 * during an upgrade the old tasks still run while the new ones may wait.
 */
function appStarted(s: AppSnapshot): boolean {
  return s.app.tasksRunning >= s.app.instances && !(s.queued && s.queued.count > 0);
}

/** "1/2 running, 0 healthy; waiting: <reason>", or "…; deploying". */
export function appProgressLine(s: AppSnapshot): string {
  const { app } = s;
  const health = hasHealthChecks(app) ? `, ${app.tasksHealthy} healthy${app.tasksUnhealthy > 0 ? `, ${app.tasksUnhealthy} unhealthy` : ''}` : '';
  const why = s.queued?.waitingReason ? `; waiting: ${s.queued.waitingReason}` : (app.deployments ?? []).length > 0 ? '; deploying' : '';
  return `${app.id}: ${app.tasksRunning}/${app.instances} running${health}${why}`;
}

export interface WaitOptions {
  fetch: () => Promise<AppSnapshot>;
  /** Stop waiting (an error) after this many ms. */
  timeoutMs: number;
  intervalMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Each new progress line (only when it changed). */
  onProgress: (line: string) => void;
  /** Done when this holds; appReady by default. */
  until?: (s: AppSnapshot) => boolean;
}

/** Polls until the app is ready; a DcosError TIMEOUT with the last progress line (and so the reason) past the deadline. */
export async function waitForApp(o: WaitOptions): Promise<AppSnapshot> {
  const deadline = o.now() + o.timeoutMs;
  const done = o.until ?? appReady;
  let last = '';
  let attempt = 0;
  for (;;) {
    let s: AppSnapshot;
    try {
      s = await o.fetch();
    } catch (err) {
      // A master restarting (its supervisor brings it back within seconds) is waited for too.
      if (!(err instanceof DcosError) || err.code !== ErrorCodes.UNREACHABLE || o.now() >= deadline) throw err;
      if (last !== 'unreachable') o.onProgress(`the master does not answer (${err.message}); asking again`);
      last = 'unreachable';
      await o.sleep(Math.min(o.intervalMs, Math.max(0, deadline - o.now())));
      continue;
    }
    const line = appProgressLine(s);
    if (line !== last) o.onProgress(line);
    last = line;
    if (done(s)) return s;
    if (o.now() >= deadline) {
      throw new DcosError(ErrorCodes.TIMEOUT, `gave up waiting after ${Math.round(o.timeoutMs / 1000)}s: ${line}`);
    }
    // Quick looks first (a task is often healthy within a second), then every intervalMs.
    const pause = Math.min(o.intervalMs, 50 * 2 ** Math.min(attempt++, 10));
    await o.sleep(Math.min(pause, Math.max(0, deadline - o.now())));
  }
}

/** The app and its launch-queue entry, through the Marathon client's calls. */
export async function appSnapshot(marathon: { getApp(id: string): Promise<MarathonApp>; queue(): Promise<QueueItem[]> }, appId: string): Promise<AppSnapshot> {
  const [app, queue] = await Promise.all([marathon.getApp(appId), marathon.queue()]);
  return { app, queued: queue.find((q) => q.app.id === app.id) };
}

type MarathonReads = Parameters<typeof appSnapshot>[0];

/**
 * What install and upgrade do once the app is submitted. With `wait`: wait until it is
 * ready, telling each change of its progress on `note`, and fail with the reason past
 * `timeoutMs`. Without: look for up to `graceMs`; if it has not started by then, tell
 * why it waits (and answer without failing: the launch goes on).
 */
export async function followAppStart(
  marathon: MarathonReads,
  appId: string,
  o: { wait: boolean; timeoutMs: number; graceMs?: number; note: (line: string) => void; now?: () => number; sleep?: (ms: number) => Promise<void> },
): Promise<void> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const fetch = () => appSnapshot(marathon, appId);
  if (o.wait) {
    const s = await waitForApp({ fetch, timeoutMs: o.timeoutMs, intervalMs: 1_000, now, sleep, onProgress: (line) => o.note(`Waiting for ${line}`) });
    o.note(`Ready: ${appProgressLine(s)}`);
    return;
  }
  let last: AppSnapshot | undefined;
  try {
    last = await waitForApp({ fetch, timeoutMs: o.graceMs ?? 2_000, intervalMs: 500, now, sleep, onProgress: () => undefined, until: appStarted });
  } catch (err) {
    if (!(err instanceof DcosError) || err.code !== ErrorCodes.TIMEOUT) throw err;
  }
  if (last) return;
  const s = await fetch();
  if (!appStarted(s)) o.note(`Not running yet: ${appProgressLine(s)} (--wait waits for it; \`dcos marathon debug summary ${appId}\` tells more)`);
}
