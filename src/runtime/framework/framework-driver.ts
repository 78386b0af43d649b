import type { FrameworkInfo, FrameworkRegistry, Offer, SchedulerCalls, TaskStatus } from '../../core/framework.js';
import { isTerminal } from '../../core/task-state.js';
import type { FrameworkScheduler } from './framework-scheduler.js';

export interface FrameworkDriverOptions {
  info: Omit<FrameworkInfo, 'id'>;
  /**
   * How long declined offers are refused (Marathon --decline_offer_duration, 120 s).
   * A revive clears the refusals, so new demand is offered at once.
   */
  declineSeconds?: number;
}

/**
 * The framework side of the master conversation, for any scheduler:
 * - subscribes with the stored framework id, then reconciles: explicitly the tasks the
 *   scheduler knows (the master answers TASK_LOST for those it lost), implicitly all the
 *   master has (tasks the scheduler has no record of are killed);
 * - asks again for the kills decided before a restart;
 * - revives only when demand grows (some app wants more launches than at the last look,
 *   or a change asks for it), so refusal filters keep working while an app waits, and
 *   suppresses once nothing waits;
 * - accepts the scheduler's launches per offer and declines the rest with a filter.
 */
export class FrameworkDriver {
  private calls?: SchedulerCalls;
  private readonly declineSeconds: number;
  private suppressed = false;
  private lastPending: ReadonlyMap<string, number> = new Map();
  private reviveWanted = false;

  constructor(private readonly scheduler: FrameworkScheduler, private readonly o: FrameworkDriverOptions) {
    this.declineSeconds = o.declineSeconds ?? 120;
  }

  get frameworkId(): string | undefined {
    return this.calls?.frameworkId;
  }

  start(master: FrameworkRegistry): void {
    this.calls = master.subscribe({ ...this.o.info, id: this.scheduler.storedFrameworkId() }, {
      subscribed: (id) => this.scheduler.subscribed(id),
      offers: (offers) => this.onOffers(offers),
      rescind: () => undefined,
      update: (status) => this.onUpdate(status),
    });
    const known = this.scheduler.knownTasks();
    if (known.length > 0) this.calls.reconcile(known);
    this.calls.reconcile([]);
    for (const k of this.scheduler.decidedKills()) this.calls.kill(k.taskId, k.gracePeriodSeconds);
    this.lastPending = new Map();
    this.demandChanged();
  }

  kill(taskId: string, gracePeriodSeconds?: number): void {
    this.calls?.kill(taskId, gracePeriodSeconds);
  }

  /**
   * The next look at demand revives whatever it finds: what agents refused before (to an
   * app's old definition) says nothing about what is asked now.
   */
  reviveAtNextLook(): void {
    this.reviveWanted = true;
  }

  /** Forgets the refusals of earlier declines and asks for offers (new demand that old declines must not hide). */
  revive(): void {
    if (!this.calls) return;
    this.calls.revive();
    this.suppressed = false;
    this.reviveWanted = false;
    this.lastPending = this.scheduler.pendingLaunches();
  }

  /** Call after anything that may change demand: revives when it grew, suppresses when it is gone. */
  demandChanged(): void {
    if (!this.calls) return;
    const pending = this.scheduler.pendingLaunches();
    const grew = [...pending].some(([key, n]) => n > (this.lastPending.get(key) ?? 0));
    if (grew || (pending.size > 0 && (this.suppressed || this.reviveWanted))) {
      this.revive();
      return;
    }
    this.lastPending = pending;
    if (pending.size === 0 && !this.suppressed) {
      this.calls.suppress();
      this.suppressed = true;
    }
  }

  private onOffers(offers: Offer[]): void {
    if (!this.calls) return;
    const launches = this.scheduler.placeOffers(offers);
    for (const offer of offers) {
      const tasks = launches.get(offer.id) ?? [];
      if (tasks.length > 0) this.calls.accept([offer.id], tasks, { refuseSeconds: this.declineSeconds });
      else this.calls.decline([offer.id], { refuseSeconds: this.declineSeconds });
    }
    this.lastPending = this.scheduler.pendingLaunches();
    this.demandChanged();
  }

  private onUpdate(status: TaskStatus): void {
    if (!this.scheduler.isKnown(status.taskId)) {
      // A task the scheduler has no record of (its record was lost): it must not run.
      if (!isTerminal(status.state)) this.calls?.kill(status.taskId);
      return;
    }
    this.scheduler.update(status);
  }
}
