import type { ListrDefaultRenderer, ListrTaskWrapper } from 'listr2';
import type { DeploymentDetail } from '../api/marathon-types.js';
import { actionName } from './marathon-views.js';
import type { ProgressMode } from './progress.js';

/**
 * `dcos marathon deployment watch`: polls GET /v2/deployments/{id} (this project's
 * extension: a deployment with its status and history, kept after it ends) until the
 * deployment is no longer running, and shows its plan's progress in the three modes of
 * progress.ts:
 *   tty    a listr2 tree on stderr: one task per step, one subtask per action; the
 *          current step spins, done steps are ticked, readiness results show under
 *          their action, the step that failed or was cancelled is crossed with the reason
 *   plain  on stderr, one timestamped line per event of the deployment's history (its
 *          steps starting and ending, with the server's times) and per change of a
 *          current action's readiness
 *   json   on stdout, the deployment object each time it changes, one per line; the
 *          last line is the finished deployment
 */

export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';

/** Where step `i` (0-based) stands: steps before the current one are done; after a failure, later ones are skipped. */
export function stepState(d: DeploymentDetail, i: number): StepState {
  if (d.status === 'succeeded') return 'done';
  const current = d.currentStep - 1;
  if (i < current) return 'done';
  if (d.status === 'running') return i === current ? 'running' : 'pending';
  return i === current ? d.status : 'skipped';
}

/** "readiness 1/2 ready" for an app of the current step, when its readiness checks reported. */
export function readinessOf(d: DeploymentDetail, app: string): string | undefined {
  const results = d.currentActions.filter((a) => a.app === app).flatMap((a) => a.readinessCheckResults ?? []);
  if (results.length === 0) return undefined;
  return `readiness ${results.filter((r) => r.ready).length}/${results.length} ready`;
}

const stepActions = (d: DeploymentDetail, i: number) => (d.steps[i]?.actions ?? []).map((a) => `${actionName(a.action)} ${a.app}`).join(', ');

const EVENT_WORDS: Record<DeploymentDetail['history'][number]['event'], string> = {
  started: 'deployment started',
  'step-started': 'started',
  'step-succeeded': 'succeeded',
  succeeded: 'deployment succeeded',
  failed: 'deployment failed',
  cancelled: 'deployment cancelled',
  'timed-out': 'deployment timed out',
  'rolled-back': 'deployment rolled back',
};

/** `2026-01-02T03:04:05.678Z [1/2] started: start /web`, `… deployment rolled back: <why>`. */
export function historyLine(d: DeploymentDetail, e: DeploymentDetail['history'][number]): string {
  const step = e.step !== undefined && e.event.startsWith('step-') ? `[${e.step}/${d.totalSteps}] ` : '';
  const detail = e.message ?? (e.event === 'step-started' && e.step !== undefined ? stepActions(d, e.step - 1) : '');
  return `${e.at} ${step}${EVENT_WORDS[e.event] ?? e.event}${detail ? `: ${detail}` : ''}`;
}

/** The plain lines a new snapshot adds: its new history events, then readiness that changed while it runs. */
export class PlainLines {
  private seen = 0;
  private readiness = new Map<string, string>();

  next(d: DeploymentDetail, now: Date): string[] {
    const lines = d.history.slice(this.seen).map((e) => historyLine(d, e));
    this.seen = d.history.length;
    for (const a of d.status === 'running' ? d.currentActions : []) {
      const r = readinessOf(d, a.app);
      const key = `${d.currentStep} ${a.app}`;
      if (r === undefined || this.readiness.get(key) === r) continue;
      this.readiness.set(key, r);
      lines.push(`${now.toISOString()} [${d.currentStep}/${d.totalSteps}] ${actionName(a.action)} ${a.app}: ${r}`);
    }
    return lines;
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** How it ended, for stdout: `Deployment <id> succeeded (1.2s)` or `… cancelled: <reason> (…)`, then its history. */
export function deploymentOutcome(d: DeploymentDetail): string {
  const took = d.finishedAt ? ` (${seconds(Date.parse(d.finishedAt) - Date.parse(d.createdAt))})` : '';
  const head = `Deployment ${d.id} ${d.status}${d.reason ? `: ${d.reason}` : ''}${took}`;
  return [head, ...d.history.map((e) => `  ${historyLine(d, e)}`)].join('\n') + '\n';
}

export interface PollOptions {
  fetch: () => Promise<DeploymentDetail>;
  intervalMs: number;
  /** At most this many fetches (dcos-core-cli's --max-count); unbounded when absent. */
  maxCount?: number;
  sleep: (ms: number) => Promise<void>;
  onSnapshot: (d: DeploymentDetail) => void;
}

/** Fetches until the deployment is no longer running: answers it then, or undefined when maxCount ran out first. */
export async function pollDeployment(o: PollOptions): Promise<DeploymentDetail | undefined> {
  for (let n = 1; o.maxCount === undefined || n <= o.maxCount; n++) {
    const d = await o.fetch();
    o.onSnapshot(d);
    if (d.status !== 'running') return d;
    if (o.maxCount === undefined || n < o.maxCount) await o.sleep(o.intervalMs);
  }
  return undefined;
}

export interface DeploymentProgress {
  /** Each snapshot, as polled; never throws. */
  show(d: DeploymentDetail): void;
  /** Call once polling is over; resolves when the last frame is drawn. */
  done(): Promise<void>;
}

export function createDeploymentProgress(mode: ProgressMode, opts: { out?: { write(text: string): unknown }; now?: () => Date } = {}): DeploymentProgress {
  if (mode === 'json') {
    const out = opts.out ?? process.stdout;
    let last = '';
    return {
      show: (d) => {
        const line = JSON.stringify(d);
        if (line !== last) out.write(`${line}\n`);
        last = line;
      },
      done: async () => undefined,
    };
  }
  if (mode === 'plain') {
    const out = opts.out ?? process.stderr;
    const lines = new PlainLines();
    const now = opts.now ?? (() => new Date());
    return { show: (d) => void lines.next(d, now()).forEach((l) => out.write(`${l}\n`)), done: async () => undefined };
  }
  const tracker = new Tracker();
  let rendering: Promise<void> | undefined;
  return {
    show: (d) => {
      tracker.apply(d);
      // the tree never fails the command: a rendering error only loses the picture
      rendering ??= renderTree(tracker, d, (opts.out ?? process.stderr) as NodeJS.WriteStream).catch(() => undefined);
    },
    done: async () => {
      tracker.end();
      await rendering;
    },
  };
}

/** The latest snapshot, and a promise for the next change. */
class Tracker {
  current?: DeploymentDetail;
  ended = false;
  private waiters: Array<() => void> = [];

  apply(d: DeploymentDetail): void {
    this.current = d;
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  changed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

type Wrapper = ListrTaskWrapper<unknown, ListrDefaultRenderer, ListrDefaultRenderer>;

/** The steps run one after another in the tree, so only the current one spins; each action waits for its step to end. */
async function renderTree(tracker: Tracker, first: DeploymentDetail, stream: NodeJS.WriteStream): Promise<void> {
  const { Listr, ListrLogger, ProcessOutput, DefaultRenderer } = await import('listr2');
  /** The tree goes to stderr: listr2 must not fall back to lines when only stdout is redirected. */
  class StderrRenderer extends DefaultRenderer {
    static override nonTTY = true;
  }
  const logger = new ListrLogger({ useIcons: true, processOutput: new ProcessOutput(stream, stream) });
  const actionTask = (i: number, title: string, app: string) => async (_ctx: unknown, t: Wrapper): Promise<void> => {
    for (;;) {
      const d = tracker.current!;
      const readiness = readinessOf(d, app);
      if (readiness) t.output = readiness;
      const state = stepState(d, i);
      if (state === 'done') return;
      // listr2 shows a failed task by its error: keep the action's name in it
      if (state === 'failed' || state === 'cancelled') throw new Error(`${title}: ${state}${d.reason ? `: ${d.reason}` : ''}`);
      if (state === 'skipped') return t.skip();
      if (tracker.ended) return t.skip(`${title}: no longer watched`);
      await tracker.changed();
    }
  };
  const list = new Listr<unknown, ListrDefaultRenderer, ListrDefaultRenderer>(
    first.steps.map((step, i) => ({
      title: `Step ${i + 1}/${first.steps.length}`,
      task: (_ctx: unknown, t: Wrapper) => t.newListr(
        step.actions.map((a) => {
          const title = `${actionName(a.action)} ${a.app}`;
          return { title, task: actionTask(i, title, a.app) };
        }),
        { concurrent: true, exitOnError: false },
      ),
    })),
    {
      concurrent: false,
      exitOnError: true,
      // the command ends on Ctrl-C by itself; listr2 must not exit the process first
      registerSignalListeners: false,
      renderer: StderrRenderer,
      rendererOptions: { logger, collapseSubtasks: false },
    },
  );
  await list.run();
}
