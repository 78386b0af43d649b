import type { ListrDefaultRenderer, ListrTask, ListrTaskWrapper } from 'listr2';
import type { ProgressMode } from './progress.js';

/**
 * Progress of provisioning (cluster up, upgrade, down), host by host and stage by stage,
 * in the three modes of progress.ts:
 *   tty    a listr2 tree on stderr: one task per host, one subtask per stage as it
 *          begins, the stage's latest message under it, and a cluster-wide task
 *          (postflight) once its first event arrives
 *   plain  one timestamped line per event on stderr
 *   json   each event, as it is, one JSON object per line on stdout
 *
 * The event is structurally the provisioner's ProvisionEvent (cli/ does not import
 * provisioner/; TypeScript matches the shapes).
 */
export type ProvisionStatus = 'started' | 'progress' | 'done' | 'unchanged' | 'skipped' | 'failed';

export interface ProvisionProgressEvent {
  time: string;
  /** Node name (master-1, agent-2) or "cluster" for cluster-wide stages. */
  node: string;
  host: string;
  stage: string;
  status: ProvisionStatus;
  message?: string;
  elapsedMs?: number;
}

export interface ProvisionProgressOptions {
  mode: ProgressMode;
  /** The hosts the operation works on, in the order the tree lists them. */
  hosts: Array<{ name: string; host: string }>;
  /**
   * The stages a host goes through, in order (cluster-wide ones need not be listed). A
   * host whose run closes the last of them, or fails a stage, is finished in the tree.
   */
  stages: string[];
  /** Where lines, NDJSON or the tree go (default: stderr; stdout for json). */
  out?: { write(text: string): unknown };
}

export interface ProvisionProgress {
  /** Pass as the provisioner's `events`; never throws. */
  listener: (event: ProvisionProgressEvent) => void;
  /**
   * Call once the operation has returned: closes whatever is still open (as skipped)
   * and resolves when the final frame is drawn.
   */
  done: () => Promise<void>;
}

/** Node name of cluster-wide stages. */
export const CLUSTER_NODE = 'cluster';

export function createProvisionProgress(o: ProvisionProgressOptions): ProvisionProgress {
  if (o.mode === 'json') {
    const out = o.out ?? process.stdout;
    return { listener: (e) => void out.write(`${JSON.stringify(e)}\n`), done: async () => undefined };
  }
  if (o.mode === 'plain') {
    const out = o.out ?? process.stderr;
    return { listener: (e) => void out.write(`${provisionLine(e)}\n`), done: async () => undefined };
  }
  const tracker = new ProvisionTracker(o.hosts, o.stages);
  // the tree never fails the operation: a rendering error only loses the picture
  const rendering = renderTree(tracker, o.out ?? process.stderr).catch(() => undefined);
  return {
    listener: (e) => {
      try {
        tracker.apply(e);
      } catch {
        // progress must not break provisioning
      }
    },
    done: async () => {
      tracker.end();
      await rendering;
    },
  };
}

/** A message on one line: its lines joined by "; " (or a space after a colon, comma or stop). */
const oneLine = (text: string) =>
  text.split('\n').map((l) => l.trim()).filter(Boolean).reduce((all, l) => (all ? `${all}${/[:;,.]$/.test(all) ? ' ' : '; '}${l}` : l), '');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/**
 * `2026-11-21T06:02:19.014Z [agent-1 127.0.0.12] upload: 40% of 150 MiB`; a start without
 * a message is `upload ...`, an end `upload: done (2.1s)` or `start: failed: <message>`.
 */
export function provisionLine(e: ProvisionProgressEvent): string {
  const head = `${e.time} [${e.node} ${e.host}] ${e.stage}`;
  const message = e.message ? oneLine(e.message) : '';
  const took = e.elapsedMs !== undefined ? ` (${seconds(e.elapsedMs)})` : '';
  switch (e.status) {
    case 'started': return message ? `${head}: ${message}` : `${head} ...`;
    case 'progress': return `${head}: ${message || '...'}`;
    case 'failed': return `${head}: failed: ${message || 'no reason given'}`;
    default: return `${head}: ${e.status}${message ? `: ${message}` : ''}${took}`;
  }
}

/** One stage of one node, from its first event to its last. */
export class StageRun {
  status: ProvisionStatus = 'started';
  /** The latest message (a progress report, or the reason of the end). */
  message?: string;
  elapsedMs?: number;
  readonly closed: Promise<void>;
  /** Set by the tree: shows each new message while the stage runs. */
  onMessage?: (message: string) => void;
  private resolve!: () => void;

  constructor(readonly stage: string) {
    this.closed = new Promise((r) => (this.resolve = r));
  }

  get open(): boolean {
    return this.status === 'started' || this.status === 'progress';
  }

  report(message: string): void {
    this.message = message;
    this.onMessage?.(message);
  }

  close(status: Exclude<ProvisionStatus, 'started' | 'progress'>, message?: string, elapsedMs?: number): void {
    if (!this.open) return;
    this.status = status;
    if (message) this.message = message;
    this.elapsedMs = elapsedMs;
    this.resolve();
  }

  /** `upload: 100% of 150 MiB (2.1s)`, `plan: unchanged`, `start: <why it failed>`. */
  title(withTime = true): string {
    const message = this.message ? oneLine(this.message) : '';
    const took = withTime && this.elapsedMs !== undefined ? ` (${seconds(this.elapsedMs)})` : '';
    switch (this.status) {
      case 'done': return `${this.stage}${message ? `: ${message}` : ''}${took}`;
      case 'failed': return `${this.stage}: ${message || 'failed'}`;
      case 'unchanged':
      case 'skipped': return `${this.stage}: ${this.status}${message ? `: ${message}` : ''}`;
      default: return this.stage;
    }
  }
}

/** Stages that only look at a host; a host that ran no other stage changed nothing. */
const READ_ONLY_STAGES = new Set(['connect', 'preflight', 'plan']);

/** The stage runs of one node, in order. */
export class NodeTrack {
  readonly runs: StageRun[] = [];
  /** No new stage will begin on this node. */
  ended = false;

  constructor(readonly name: string, readonly host: string, private readonly tracker: ProvisionTracker) {}

  get title(): string {
    return `${this.name} ${this.host}`;
  }

  /** The i-th stage run once it has begun; undefined once the node ended without one. */
  run(i: number): Promise<StageRun | undefined> {
    return this.tracker.until(() => (i < this.runs.length ? { value: this.runs[i] } : this.ended ? { value: undefined } : undefined));
  }

  /** What the node did, for its collapsed line: the changing stages, or where it stopped. */
  summary(): string {
    const changed = this.runs.filter((r) => r.status === 'done' && !READ_ONLY_STAGES.has(r.stage));
    if (changed.length > 0) return changed.map((r) => r.stage).join(', ');
    const last = this.runs.at(-1);
    if (!last) return 'no events';
    return last.message ? last.title(false) : `${last.stage}: ${last.status}`;
  }
}

/**
 * The bookkeeping behind the tree: which stages each node has begun and how each ended.
 * Stages of one node run one after the other, so an event for a new stage also closes
 * the node's previous one (as done), should its end have gone missing.
 */
export class ProvisionTracker {
  private readonly nodes = new Map<string, NodeTrack>();
  /** The declared hosts, in order. */
  readonly hosts: NodeTrack[];
  /** Nodes outside `hosts` (the cluster, or a host not declared), by first event. */
  readonly extras: NodeTrack[] = [];
  private finished = false;
  private waiters = new Set<() => void>();

  constructor(hosts: Array<{ name: string; host: string }>, private readonly stages: string[]) {
    this.hosts = hosts.map((h) => new NodeTrack(h.name, h.host, this));
    for (const h of this.hosts) this.nodes.set(h.name, h);
  }

  node(name: string): NodeTrack | undefined {
    return this.nodes.get(name);
  }

  apply(e: ProvisionProgressEvent): void {
    let node = this.nodes.get(e.node);
    if (!node) {
      node = new NodeTrack(e.node, e.host, this);
      this.nodes.set(e.node, node);
      this.extras.push(node);
    }
    // cluster-wide stages come after every host's own: no host begins a stage after them
    if (e.node === CLUSTER_NODE) for (const h of this.hosts) h.ended = true;
    let run = node.runs.at(-1);
    if (!run || !run.open || run.stage !== e.stage) {
      run?.close('done');
      run = new StageRun(e.stage);
      node.runs.push(run);
    }
    if (e.status === 'started' || e.status === 'progress') {
      if (e.message) run.report(e.message);
    } else {
      run.close(e.status, e.message, e.elapsedMs);
      if (e.status === 'failed' || e.status === 'unchanged' || e.stage === this.stages.at(-1)) node.ended = true;
    }
    this.wake();
  }

  /** Everything still open is closed as skipped; nothing waits any more. */
  end(): void {
    this.finished = true;
    for (const node of this.nodes.values()) {
      node.ended = true;
      for (const run of node.runs) run.close('skipped');
    }
    this.wake();
  }

  /** The i-th extra node once it has appeared; undefined once the operation is over. */
  extra(i: number): Promise<NodeTrack | undefined> {
    return this.until(() => (i < this.extras.length ? { value: this.extras[i] } : this.finished ? { value: undefined } : undefined));
  }

  /** Resolves with the first answer of `check`, asked again after every change. */
  async until<T>(check: () => { value: T } | undefined): Promise<T> {
    for (;;) {
      const answer = check();
      if (answer) return answer.value;
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const w of waiters) w();
  }
}

type Wrapper = ListrTaskWrapper<unknown, ListrDefaultRenderer, ListrDefaultRenderer>;
type Task = ListrTask<unknown, ListrDefaultRenderer, ListrDefaultRenderer>;

/**
 * listr2 runs a task list it was given up front, so stages that begin later are added
 * as a chain: each level holds one stage and an untitled task that waits for the next
 * (untitled tasks draw nothing and their subtasks draw at their own level, so the chain
 * looks like a flat list). A failed stage fails the chain and so its host (✖, expanded);
 * a finished host collapses to one line that says what it did.
 */
async function renderTree(tracker: ProvisionTracker, out: { write(text: string): unknown }): Promise<void> {
  const { Listr, ListrLogger, ProcessOutput, ListrDefaultRendererLogLevels, DefaultRenderer, figures } = await import('listr2');
  const stream = out as NodeJS.WriteStream;
  /**
   * listr2 redraws the whole tree on every state change; a tree of ten hosts changes a
   * few hundred times when they finish together, and over SSH those frames take seconds
   * to drain. At most one frame per 50 ms shows the same thing. `nonTTY`: the tree goes
   * to stderr, so listr2 must not fall back to its line renderer when only stdout is
   * redirected (`dcos cluster up > result.txt`).
   */
  class TreeRenderer extends DefaultRenderer {
    static override nonTTY = true;
    private pending?: NodeJS.Timeout;
    override update(): void {
      this.pending ??= setTimeout(() => {
        this.pending = undefined;
        super.update();
      }, 50);
    }
    override end(): void {
      clearTimeout(this.pending);
      this.pending = undefined;
      super.end();
    }
  }
  // listr2 draws on stdout by default; stdout is for the command's result
  const logger = new ListrLogger({ useIcons: true, processOutput: new ProcessOutput(stream, stream) });

  const stageTask = (run: StageRun): Task => ({
    title: run.stage,
    task: async (_ctx, t: Wrapper) => {
      if (run.message) t.output = oneLine(run.message);
      run.onMessage = (message) => (t.output = oneLine(message));
      await run.closed;
      run.onMessage = undefined;
      t.title = run.title();
      if (run.status === 'failed') throw new Error(run.title());
      if (run.status === 'skipped') t.skip(run.title());
    },
  });
  /** `expanded`: the node keeps its stages on show when done (the cluster-wide ones). */
  const stagesFrom = (node: NodeTrack, i: number, host: Wrapper, expanded: boolean) => async (_ctx: unknown, t: Wrapper): Promise<unknown> => {
    const run = await node.run(i);
    if (!run) {
      if (i === 0) host.skip(`${node.title}: no events`);
      else if (!expanded) host.title = `${node.title}: ${node.summary()}`;
      return;
    }
    return t.newListr([stageTask(run), { task: stagesFrom(node, i + 1, host, expanded) }], {
      concurrent: false,
      exitOnError: true,
      ...(expanded ? { rendererOptions: { collapseSubtasks: false } } : {}),
    });
  };
  const nodeTask = (node: NodeTrack, expanded: boolean): Task => ({ title: node.title, task: (ctx, t) => stagesFrom(node, 0, t, expanded)(ctx, t) });
  const extrasFrom = (i: number) => async (_ctx: unknown, t: Wrapper): Promise<unknown> => {
    const node = await tracker.extra(i);
    if (!node) return;
    const cluster = node.name === CLUSTER_NODE;
    return t.newListr([nodeTask(node, cluster), { task: extrasFrom(i + 1) }], {
      concurrent: true,
      exitOnError: false,
      ...(cluster ? { rendererOptions: { collapseSubtasks: false } } : {}),
    });
  };

  // a failed host is a ✖ (listr2's default is a red ❯, which reads as "running" without colours)
  const rendererOptions = { logger, icon: { [ListrDefaultRendererLogLevels.FAILED_WITH_FAILED_SUBTASKS]: figures.cross } };
  const list = new Listr<unknown, ListrDefaultRenderer, ListrDefaultRenderer>(
    [...tracker.hosts.map((h) => nodeTask(h, false)), { task: extrasFrom(0) }],
    {
      concurrent: true,
      // one host's failure is shown on that host; the others go on
      exitOnError: false,
      // the command handles SIGINT itself; listr2 must not exit the process first
      registerSignalListeners: false,
      renderer: TreeRenderer,
      rendererOptions,
    },
  );
  await list.run();
}
