import type {
  Filters, FrameworkInfo, FrameworkRegistry, Offer, SchedulerCalls, SchedulerEventHandler, TaskLaunch, TaskStatus,
} from '../../src/core/framework.js';
import type { Resources } from '../../src/core/resources.js';

/**
 * A stand-in for the master's framework interface in scheduler unit tests: it records
 * every call a framework makes and lets the test send offers and status updates.
 */
export class RecordingMaster implements FrameworkRegistry {
  handler?: SchedulerEventHandler;
  readonly accepted: Array<{ offerIds: string[]; launches: TaskLaunch[]; filters?: Filters }> = [];
  readonly declined: Array<{ offerIds: string[]; filters?: Filters }> = [];
  readonly killed: string[] = [];
  readonly reconciled: Array<Array<{ taskId: string }>> = [];
  revives = 0;
  suppressed = false;
  private seq = 0;

  subscribe(info: FrameworkInfo, handler: SchedulerEventHandler): SchedulerCalls {
    this.handler = handler;
    const frameworkId = info.id ?? 'fw-test';
    handler.subscribed(frameworkId);
    return {
      frameworkId,
      accept: (offerIds, launches, filters) => { this.accepted.push({ offerIds, launches, filters }); },
      decline: (offerIds, filters) => { this.declined.push({ offerIds, filters }); },
      revive: () => { this.revives++; this.suppressed = false; },
      suppress: () => { this.suppressed = true; },
      kill: (taskId) => { this.killed.push(taskId); },
      acknowledge: () => undefined,
      reconcile: (tasks) => { this.reconciled.push(tasks); },
    };
  }

  offer(resources: Resources, agentId = 'agent-1', hostname = '127.0.9.2'): Offer {
    const offer: Offer = { id: `O${++this.seq}`, frameworkId: 'fw-test', agentId, hostname, resources, attributes: {}, role: '*', capabilities: [] };
    this.handler!.offers([offer]);
    return offer;
  }

  /** Several offers in one batch, as one allocation pass over several agents makes them. */
  offerMany(resources: Resources, agentIds: string[]): Offer[] {
    const offers = agentIds.map((agentId, i) => ({ id: `O${++this.seq}`, frameworkId: 'fw-test', agentId, hostname: `127.0.9.${i + 2}`, resources, attributes: {}, role: '*', capabilities: [] }));
    this.handler!.offers(offers);
    return offers;
  }

  launches(): TaskLaunch[] {
    return this.accepted.flatMap((a) => a.launches);
  }

  update(taskId: string, state: TaskStatus['state'], extra: Partial<TaskStatus> = {}): void {
    this.handler!.update({ taskId, frameworkId: 'fw-test', agentId: 'agent-1', state, timestamp: Date.now() / 1000, source: 'SOURCE_EXECUTOR', ...extra });
  }
}
