import type { SchemaError } from '../api/cosmos-types.js';
import { DcosError, ErrorCodes } from '../core/errors.js';
import { isDcosError } from './errors.js';

/**
 * Cosmos's JsonSchemaMismatch (`data.errors`: fge ProcessingMessages, with our
 * `description`) explained one failing option at a time:
 *
 *   service.mem
 *     expected: integer
 *     found: string "lots"
 *     about: Memory (MB) of the scheduler
 *
 * The legacy Python CLI printed the same facts as a flat list of lines, the path last
 * and apart from its reason; the Go CLI printed only "Options JSON failed validation".
 * A `required` failure is about each missing option and an `additionalProperties` one
 * about each unknown option, so both give one block per option they name.
 */

/** "/service/mem" → "service.mem" (JSON pointer, RFC 6901 escapes undone); the root reads as such. */
export function optionPath(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.length === 0 ? '(the options as a whole)' : parts.join('.');
}

function valueAt(doc: unknown, pointer: string): unknown {
  let at: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

const show = (v: unknown) => JSON.stringify(v);

export interface OptionProblem {
  /** JSON pointer of the option in the options document. */
  pointer: string;
  lines: Array<[label: string, text: string]>;
}

/** One problem per failing option, in the server's order; schema warnings (not the user's doing) are left out. */
export function optionProblems(errors: SchemaError[], options: Record<string, unknown> = {}): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const e of errors) {
    if (e.level !== 'error') continue;
    const pointer = e.instance?.pointer ?? '';
    const about: Array<[string, string]> = e.description ? [['about', e.description]] : [];
    if (e.keyword === 'required' && e.missing && e.missing.length > 0) {
      for (const name of e.missing) {
        problems.push({ pointer: `${pointer}/${name}`, lines: [['missing', 'required, and the package gives it no default'], ...about] });
      }
      continue;
    }
    if (e.keyword === 'additionalProperties' && e.unwanted && e.unwanted.length > 0) {
      for (const name of e.unwanted) {
        problems.push({ pointer: `${pointer}/${name}`, lines: [['unknown', "the package's options have no such option"]] });
      }
      continue;
    }
    const given = valueAt(options, pointer);
    const found = given === undefined ? "the package's default" : show(given);
    const lines: Array<[string, string]> = [];
    if (e.keyword === 'type' && e.expected) {
      lines.push(['expected', e.expected.join(' or ')], ['found', `${e.found ?? 'another type'}${given === undefined ? ` (${found})` : ` ${found}`}`]);
    } else {
      const expected =
        e.keyword === 'enum' && e.enum ? `one of ${e.enum.map(show).join(', ')}`
        : e.keyword === 'minimum' && e.minimum !== undefined ? `at least ${e.minimum}`
        : e.keyword === 'maximum' && e.maximum !== undefined ? `at most ${e.maximum}`
        : e.keyword === 'pattern' && e.pattern !== undefined ? `a string matching ${e.pattern}`
        : e.message;
      lines.push(['expected', expected], ['found', found]);
    }
    problems.push({ pointer, lines: [...lines, ...about] });
  }
  return problems;
}

/** The explanation's lines, after the error's first line (renderError indents them). */
export function formatSchemaMismatch(errors: SchemaError[], opts: { options?: Record<string, unknown>; optionsFile?: string; packageName?: string } = {}): string[] {
  const problems = optionProblems(errors, opts.options);
  const width = Math.max(0, ...problems.flatMap((p) => p.lines.map(([label]) => label.length)));
  const lines: string[] = [];
  for (const p of problems) {
    lines.push(optionPath(p.pointer));
    for (const [label, text] of p.lines) lines.push(`  ${`${label}:`.padEnd(width + 1)} ${text}`);
  }
  const where = opts.optionsFile ? `Fix ${problems.length === 1 ? 'it' : 'them'} in ${opts.optionsFile}` : 'Give the options in a JSON file with --options FILE';
  const schema = `\`dcos package describe ${opts.packageName ?? 'PACKAGE'} --config\` shows every option with its type and default.`;
  lines.push(`${where}; ${schema}`);
  return lines;
}

/** The JsonSchemaMismatch error with its explanation in the message; any other error unchanged. */
export function explainCosmosError(err: unknown, opts: { options?: Record<string, unknown>; optionsFile?: string; packageName?: string } = {}): unknown {
  if (isDcosError(err) && err.extra?.type === 'MarathonBadResponse') return explainMarathonRefusal(err, opts.packageName);
  if (!isDcosError(err) || err.extra?.type !== 'JsonSchemaMismatch') return err;
  const errors = (err.extra.data as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return err;
  const lines = formatSchemaMismatch(errors as SchemaError[], opts);
  const count = optionProblems(errors as SchemaError[], opts.options).length;
  const head = `${err.message}: ${count} ${count === 1 ? 'option is' : 'options are'} wrong`;
  return new DcosError(ErrorCodes.BAD_REQUEST, [head, ...lines].join('\n'), { status: err.status, cause: err, extra: err.extra });
}

/** Marathon refused the app the package renders (MarathonBadResponse): each field Marathon named, with why. */
function explainMarathonRefusal(err: DcosError, packageName: string | undefined): DcosError {
  const details = (err.extra?.data as { details?: Array<{ path: string; errors: string[] }> } | undefined)?.details ?? [];
  const head = `${err.message}: Marathon refused the app that package [${packageName ?? '?'}] renders`;
  const lines = details.map((d) => `  ${d.path}: ${d.errors.join('; ')}`);
  return new DcosError(ErrorCodes.BAD_REQUEST, [head, ...lines].join('\n'), { status: err.status, cause: err, extra: err.extra });
}
