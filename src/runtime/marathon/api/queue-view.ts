import type { QueueItem, RejectSummary } from '../../../api/marathon-types.js';
import { isActive } from '../../../core/task-state.js';
import { currentStep } from '../deployments/deployment.js';
import { lastOffersSummary } from '../launch-queue/launch-queue.js';
import type { StoredApp } from '../state/stored-app.js';
import type { MarathonReadModel } from './read-model.js';
import { appView } from './views.js';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Marathon's /v2/queue items (queue.raml QueueApp), one per app that waits for launches,
 * with `waitingReason` added: the one line that says why, so nobody has to guess. Apps
 * that wait for an earlier deployment step (their dependencies) are listed too.
 */
export function queueView(m: MarathonReadModel, withOffers: boolean): QueueItem[] {
  return m.apps().map((app) => queueItemOf(m, app, withOffers)).filter((i) => i !== undefined);
}

/** The app's queue item; undefined when it waits for no launch. */
export function queueItemOf(m: MarathonReadModel, app: StoredApp, withOffers: boolean): QueueItem | undefined {
  const target = m.target(app.id);
  // Frozen, or started with 0 instances while its scale step waits for what it depends on.
  const waitsForStep = target.kind === 'frozen' || (target.kind === 'run' && target.inDeployment && target.instances < app.instances);
  if (waitsForStep) {
    const live = m.instancesOf(app.id).filter((i) => isActive(i.state) && !i.killRequested).length;
    const count = Math.max(0, app.instances - live);
    return count > 0 ? item(m, app, count, frozenReason(m, app.id), withOffers) : undefined;
  }
  const count = m.queued(app.id);
  return count > 0 ? item(m, app, count, waitingReason(m, app), withOffers) : undefined;
}

function item(m: MarathonReadModel, app: StoredApp, count: number, reason: string, withOffers: boolean): QueueItem {
  const stats = m.offerStats(app.id);
  const delayMs = m.delayLeftMs(app.id);
  const summary = (list: Iterable<{ reason: string; declined: number; processed: number }>): RejectSummary[] =>
    [...list].map(({ reason: r, declined, processed }) => ({ reason: r, declined, processed }));
  return {
    count,
    delay: { timeLeftSeconds: Math.ceil(delayMs / 1000), overdue: delayMs === 0 },
    since: iso(m.waitingSince(app.id) ?? m.now()),
    role: app.role,
    app: appView(m, app, { tasks: false, counts: true, deployments: true, lastTaskFailure: true, readiness: false, taskStats: false }),
    processedOffersSummary: {
      processedOffersCount: stats?.processedOffersCount ?? 0,
      unusedOffersCount: stats?.unusedOffersCount ?? 0,
      ...(stats?.lastUnusedOfferAt !== undefined ? { lastUnusedOfferAt: iso(stats.lastUnusedOfferAt) } : {}),
      ...(stats?.lastUsedOfferAt !== undefined ? { lastUsedOfferAt: iso(stats.lastUsedOfferAt) } : {}),
      rejectSummaryLastOffers: summary(stats ? lastOffersSummary(stats).summary : []),
      rejectSummaryLaunchAttempt: summary(stats?.launchAttempt.values() ?? []),
    },
    ...(withOffers ? {
      lastUnusedOffers: [...stats?.lastOffers.values() ?? []].filter((o) => o.took === 0).map((o) => ({
        offer: { id: o.offerId, agentId: o.agentId, hostname: o.hostname }, timestamp: iso(o.at), reason: [o.rejection.reason],
      })),
    } : {}),
    waitingReason: reason,
  };
}

function waitingReason(m: MarathonReadModel, app: StoredApp): string {
  const delayMs = m.delayLeftMs(app.id);
  if (delayMs > 0) {
    const f = m.lastFailure(app.id);
    return `backing off after task failures: next launch in ${Math.ceil(delayMs / 1000)} s${f ? ` (last failure: ${f.state} ${f.message})` : ''}`;
  }
  const stats = m.offerStats(app.id);
  if (!stats?.lastPass) return `waiting for offers: none has come since ${iso(m.waitingSince(app.id) ?? m.now())} (every agent's resources are offered or in use)`;
  const o = stats.lastPass;
  if (stats.lastOffers.size > 0) return lastOffersSummary(stats).explanation;
  if (o.explanation) return o.explanation;
  return `${o.placed} of ${o.wanted} placed in the last pass; waiting for more offers`;
}

function frozenReason(m: MarathonReadModel, appId: string): string {
  const d = m.deploymentsOf(appId)[0];
  if (!d) return 'waiting for its deployment to start';
  const step = currentStep(d);
  const mine = d.steps.map((s) => s.actions.some((a) => a.app === appId)).lastIndexOf(true);
  const waitingOn = (step?.actions ?? []).map((a) => a.app).join(', ');
  return `waiting for deployment ${d.id} to reach step ${mine + 1} of ${d.steps.length}: step ${d.stepIndex + 1} (${waitingOn}) must be healthy first`;
}
