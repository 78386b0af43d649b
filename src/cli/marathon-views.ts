import type { MarathonApp, MarathonDeployment, MarathonGroup, QueueItem } from '../api/marathon-types.js';
import { DcosError, ErrorCodes } from '../core/errors.js';
import { canonicalPathId } from '../core/ids.js';
import { formatFields, formatTable } from './table.js';
import { DEPLOYMENT_ACTIONS, EMPTY } from './views.js';

/** The human views of deployments, groups and the launch queue (`--json` prints the API objects instead). */

export const actionName = (action: string): string => DEPLOYMENT_ACTIONS[action] ?? action;

/** What a deployment does now: "scale", or "scale /a, start /b" when it works on several apps. */
export function currentActionsOf(d: Pick<MarathonDeployment, 'currentActions'>): string {
  const several = new Set(d.currentActions.map((a) => a.app)).size > 1;
  return d.currentActions.map((a) => (several ? `${actionName(a.action)} ${a.app}` : actionName(a.action))).join(', ');
}

/** dcos-core-cli's deployment table: APP ACTION PROGRESS(steps done/steps) ID, by app. */
export function deploymentTable(deployments: MarathonDeployment[]): string {
  const first = (d: MarathonDeployment) => d.affectedApps[0] ?? '';
  const sorted = [...deployments].sort((a, b) => first(a).localeCompare(first(b)) || a.id.localeCompare(b.id));
  return formatTable(
    [
      { header: 'app', get: (d) => d.affectedApps.join(', ') },
      { header: 'action', get: currentActionsOf },
      { header: 'progress', get: (d) => `${Math.max(0, d.currentStep - 1)}/${d.totalSteps}`, align: 'right' },
      { header: 'id', get: (d) => d.id },
    ],
    sorted,
  );
}

/** Every group under the root (at any depth) with the number of apps under it, nested groups' included. */
export function groupRows(root: MarathonGroup): Array<{ id: string; apps: number }> {
  const rows: Array<{ id: string; apps: number }> = [];
  const count = (g: MarathonGroup): number => {
    const n = (g.apps?.length ?? 0) + (g.groups ?? []).reduce((sum, sub) => sum + count(sub), 0);
    if (g !== root) rows.push({ id: g.id, apps: n });
    return n;
  };
  count(root);
  return rows.sort((a, b) => a.id.localeCompare(b.id));
}

/** dcos-core-cli's group table: ID APPS. */
export function groupTable(root: MarathonGroup): string {
  return formatTable([{ header: 'id', get: (r) => r.id }, { header: 'apps', get: (r) => r.apps, align: 'right' }], groupRows(root));
}

const delayOf = (q: QueueItem) => (q.delay.timeLeftSeconds > 0 ? `${q.delay.timeLeftSeconds}s` : EMPTY);

/** `debug list`: the apps waiting to launch, how many, since when, their backoff delay and why they wait. */
export function queueTable(items: QueueItem[]): string {
  const sorted = [...items].sort((a, b) => a.app.id.localeCompare(b.app.id));
  return formatTable(
    [
      { header: 'id', get: (q) => q.app.id },
      { header: 'since', get: (q) => q.since },
      { header: 'instances to launch', get: (q) => q.count, align: 'right' },
      { header: 'delay', get: delayOf, align: 'right' },
      { header: 'reason', get: (q) => q.waitingReason },
    ],
    sorted,
  );
}

/** What the app asks for that a rejection reason of Marathon's is about. */
const REQUESTED: Record<string, (app: MarathonApp) => string | number> = {
  UnfulfilledRole: (a) => a.acceptedResourceRoles.join(', '),
  UnfulfilledConstraint: (a) => (a.constraints.length > 0 ? JSON.stringify(a.constraints) : EMPTY),
  InsufficientCpus: (a) => a.cpus,
  InsufficientMemory: (a) => a.mem,
  InsufficientDisk: (a) => a.disk,
  InsufficientGpus: (a) => a.gpus,
  InsufficientPorts: (a) => a.portDefinitions.length,
};

/**
 * `debug summary`: the waiting app in one block (how many, since when, the offers looked
 * at, and why it waits in one line), then Marathon's rejectSummaryLastOffers: per reason
 * of the last pass, what the app asks for and how many of the offers looked at it declined.
 */
export function queueSummary(q: QueueItem): string {
  const s = q.processedOffersSummary;
  const fields = formatFields([
    ['app', q.app.id],
    ['to launch', q.count],
    ['since', q.since],
    ['delay', delayOf(q)],
    ['offers', `${s.processedOffersCount} processed, ${s.unusedOffersCount} unused`],
    ['reason', q.waitingReason],
  ]);
  if (s.rejectSummaryLastOffers.length === 0) return fields;
  const table = formatTable(
    [
      { header: 'reason', get: (r) => r.reason },
      { header: 'requested', get: (r) => REQUESTED[r.reason]?.(q.app), align: 'right' },
      { header: 'declined', get: (r) => `${r.declined}/${r.processed}`, align: 'right' },
    ],
    s.rejectSummaryLastOffers,
  );
  return `${fields}\n${table}`;
}

/** `debug details`: each offer the last pass did not use, with the reasons. */
export function unusedOffersTable(q: QueueItem): string {
  return formatTable(
    [
      { header: 'host', get: (u) => u.offer.hostname },
      { header: 'agent', get: (u) => u.offer.agentId },
      { header: 'reason', get: (u) => u.reason.join(', ') },
      { header: 'received', get: (u) => u.timestamp },
    ],
    q.lastUnusedOffers ?? [],
  );
}

/** The launch queue item of an app; not found when nothing of it waits to launch. */
export function queuedApp(queue: QueueItem[], appId: string): QueueItem {
  const id = canonicalPathId(appId);
  const item = queue.find((q) => q.app.id === id);
  if (!item) throw new DcosError(ErrorCodes.NOT_FOUND, `${id} is not in the launch queue: nothing of it waits to launch (see \`dcos marathon debug list\`)`);
  return item;
}
