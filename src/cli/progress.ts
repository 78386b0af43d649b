/**
 * Progress of long work (cluster up/down), shown three ways:
 *   tty    listr2 on stderr (spinners, the current step's last message)
 *   plain  one timestamped line per event on stderr, for logs and CI
 *   json   NDJSON events on stdout, one object per line, for tools
 * Progress never goes to stdout in the human modes, so stdout carries only the
 * command's result.
 *
 * A step is structurally the same as the provisioner's Step (cli/ does not import
 * provisioner/; TypeScript matches the shapes).
 */
export interface ProgressStep<C> {
  title: string;
  run(ctx: C, report: (message: string) => void): Promise<void>;
}

export type ProgressMode = 'tty' | 'plain' | 'json';

export interface ProgressEvent {
  time: string;
  event: 'step';
  /** 1-based position and count of steps. */
  step: number;
  of: number;
  title: string;
  status: 'started' | 'progress' | 'done' | 'failed';
  message?: string;
  elapsedMs?: number;
}

export interface RunStepsOptions {
  mode: ProgressMode;
  /** Where plain lines go (default stderr) and where NDJSON goes (default stdout). */
  out?: { write(text: string): unknown };
  now?: () => Date;
}

export function progressMode(opts: { json: boolean; isTTY?: boolean }): ProgressMode {
  if (opts.json) return 'json';
  // a terminal that reports no width (`script` without a size) garbles listr2's redraws
  const tty = opts.isTTY ?? (Boolean(process.stderr.isTTY) && (process.stderr.columns ?? 0) > 0);
  return tty && !process.env.CI && process.env.TERM !== 'dumb' ? 'tty' : 'plain';
}

export async function runSteps<C>(steps: ProgressStep<C>[], ctx: C, opts: RunStepsOptions): Promise<void> {
  if (opts.mode === 'tty') return runWithListr(steps, ctx);
  const now = opts.now ?? (() => new Date());
  const emit =
    opts.mode === 'json'
      ? (e: ProgressEvent) => (opts.out ?? process.stdout).write(`${JSON.stringify(e)}\n`)
      : (e: ProgressEvent) => (opts.out ?? process.stderr).write(`${plainLine(e)}\n`);
  for (const [i, step] of steps.entries()) {
    const base = { event: 'step' as const, step: i + 1, of: steps.length, title: step.title };
    const started = now();
    emit({ time: started.toISOString(), ...base, status: 'started' });
    try {
      await step.run(ctx, (message) => emit({ time: now().toISOString(), ...base, status: 'progress', message }));
    } catch (err) {
      const at = now();
      emit({ time: at.toISOString(), ...base, status: 'failed', message: firstLine(err), elapsedMs: at.getTime() - started.getTime() });
      throw err;
    }
    const done = now();
    emit({ time: done.toISOString(), ...base, status: 'done', elapsedMs: done.getTime() - started.getTime() });
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** `2025-01-02T03:04:05.678Z [2/4] Starting master: done (1.2s)` */
export function plainLine(e: ProgressEvent): string {
  const head = `${e.time} [${e.step}/${e.of}] ${e.title}`;
  switch (e.status) {
    case 'started': return `${head} ...`;
    case 'progress': return `${head}: ${e.message}`;
    case 'done': return `${head}: done (${((e.elapsedMs ?? 0) / 1000).toFixed(1)}s)`;
    case 'failed': return `${head}: FAILED: ${e.message}`;
  }
}

async function runWithListr<C>(steps: ProgressStep<C>[], ctx: C): Promise<void> {
  const { Listr, ListrLogger, ProcessOutput, DefaultRenderer } = await import('listr2');
  /** The tree goes to stderr: listr2 must not fall back to lines when only stdout is redirected. */
  class StderrRenderer extends DefaultRenderer {
    static override nonTTY = true;
  }
  // listr2 draws on stdout by default; stdout is for the command's result
  const logger = new ListrLogger({ useIcons: true, processOutput: new ProcessOutput(process.stderr, process.stderr) });
  const list = new Listr(
    steps.map((step) => ({
      title: step.title,
      task: async (_: unknown, task: { output?: string }) => {
        await step.run(ctx, (message) => {
          task.output = message;
        });
      },
    })),
    {
      concurrent: false,
      exitOnError: true,
      // the launcher cleans up on SIGINT itself; listr2 must not exit the process first
      registerSignalListeners: false,
      renderer: StderrRenderer,
      rendererOptions: { logger },
    },
  );
  await list.run();
}
