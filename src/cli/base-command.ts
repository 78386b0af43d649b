import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import { renderError } from './errors.js';

/** `--json` of read commands: the output becomes the API's objects, a contract with a schema. */
export const jsonFlag = Flags.boolean({ description: 'print machine-readable JSON instead of a table' });

/**
 * Base of every dcos command. Errors never surface as stack traces: they are rendered
 * by renderError (one `Error:` line on stderr, or `{"error":…}` on stdout with --json)
 * and set the exit code of cli/errors.ts. DCOS_DEBUG=1 adds the stack.
 *
 * Every positional argument sets `ignoreStdin: true`: oclif otherwise fills a missing
 * argument from whatever stdin holds within 10 ms (and consumes it), which turns
 * `cat app.json | dcos marathon app add` into a file name.
 *
 * Keep this file light: it is loaded by every command, including `--help`.
 */
export abstract class DcosCommand extends Command {
  /** True when `--json` was given (before a `--`), known even when parsing failed. */
  protected wantsJson(): boolean {
    const end = this.argv.indexOf('--');
    const args = end === -1 ? this.argv : this.argv.slice(0, end);
    return args.includes('--json');
  }

  protected write(text: string): void {
    process.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
  }

  protected printJson(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A notice for humans (never part of machine output). */
  protected note(text: string): void {
    process.stderr.write(`${text}\n`);
  }

  async catch(err: Error & { code?: string }): Promise<void> {
    if (err?.code === 'EEXIT') throw err; // this.exit(): oclif's own control flow
    const debug = ['1', 'true', 'yes'].includes((process.env.DCOS_DEBUG ?? '').toLowerCase());
    const rendered = renderError(err, { json: this.wantsJson(), debug });
    if (rendered.stdout) process.stdout.write(rendered.stdout);
    if (rendered.stderr) process.stderr.write(rendered.stderr);
    process.exitCode = rendered.exitCode;
  }
}
