import { displayWidth } from './table.js';

/**
 * What `cluster preflight`, `cluster up` (and --dry-run) and `cluster down` print when
 * they are done: pure functions from a result to text, aligned, no colours, the same on
 * a terminal and in a pipe.
 *
 * The shapes are structurally the provisioner's HostPreflight, UpResult and DownResult
 * (cli/ does not import provisioner/; TypeScript matches the shapes).
 */
export interface ReportNode {
  name: string;
  ssh: { host: string };
}

export interface CheckResultView {
  id: string;
  title: string;
  status: 'pass' | 'warn' | 'fail';
  detail: string;
}

export interface HostPreflightView {
  node: ReportNode;
  /** Why the host could not be checked at all. */
  error?: string;
  results: CheckResultView[];
}

export interface HostOutcomeView {
  node: ReportNode;
  status: 'changed' | 'unchanged' | 'failed' | 'skipped' | 'planned';
  changes: Array<{ stage: string; reason: string }>;
  error?: string;
  /** Present on hosts that were checked before changing. */
  preflight?: { results: CheckResultView[] };
}

export interface UpResultView {
  masterUrl: string;
  hosts: HostOutcomeView[];
  agentIds: Record<string, string>;
  canary?: { host: string };
  postflightError?: string;
  /** Installed runtimes that were replaced (always the rolling way): their versions, and this CLI's. */
  runtime?: { from: string[]; to: string };
  ok: boolean;
}

export interface DownResultView {
  hosts: Array<{ node: ReportNode; ok: boolean; error?: string; killed?: number }>;
  ok: boolean;
}

/** A message on one line: its lines joined by "; " (or a space after a colon, comma or stop). */
const oneLine = (text: string) =>
  text.split('\n').map((l) => l.trim()).filter(Boolean).reduce((all, l) => (all ? `${all}${/[:;,.]$/.test(all) ? ' ' : '; '}${l}` : l), '');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const who = (node: ReportNode) => `${node.name} (${node.ssh.host})`;

/** Columns separated by two spaces; the last one is not padded; no trailing spaces. */
function align(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows.map((row) =>
    row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - displayWidth(cell)))).join('  ').replace(/\s+$/, ''));
}

const CELL = { pass: 'ok', warn: 'WARN', fail: 'FAIL' } as const;

/**
 * A check × host table (`ok`, `WARN`, `FAIL`; `---` where the host could not be checked),
 * then every result that is not a pass with its detail, then one line of verdict.
 */
export function preflightTable(hosts: HostPreflightView[]): string {
  const checks = new Map<string, string>();
  for (const h of hosts) for (const r of h.results) if (!checks.has(r.id)) checks.set(r.id, r.title);
  const grid = [
    ['CHECK', ...hosts.map((h) => h.node.name), 'DESCRIPTION'],
    ...[...checks].map(([id, title]) => [
      id,
      ...hosts.map((h) => {
        const r = h.results.find((x) => x.id === id);
        return r ? CELL[r.status] : '---';
      }),
      title,
    ]),
  ];
  if (checks.size === 0) grid.push(['---', ...hosts.map(() => '---'), '']);

  const problems: string[][] = [];
  for (const h of hosts) {
    if (h.error !== undefined) problems.push([who(h.node), '---', 'FAIL', `could not be checked: ${oneLine(h.error)}`]);
    for (const r of h.results) if (r.status !== 'pass') problems.push([who(h.node), r.id, CELL[r.status], oneLine(r.detail)]);
  }

  const failed = hosts.filter((h) => h.error !== undefined || h.results.some((r) => r.status === 'fail'));
  const warnings = hosts.reduce((n, h) => n + h.results.filter((r) => r.status === 'warn').length, 0);
  const counted = `: ${Math.max(0, ...hosts.map((h) => h.results.length))} checks each${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}`;
  const verdict = failed.length === 0
    ? `Preflight passed on ${hosts.length === 1 ? 'the only host' : `all ${hosts.length} hosts`}${counted}.`
    : `Preflight failed on ${failed.map((h) => h.node.name).join(', ')}${counted}.`;

  return [...align(grid), ...(problems.length > 0 ? ['', ...align(problems)] : []), '', verdict].join('\n') + '\n';
}

function outcomeDetail(h: HostOutcomeView): string {
  if (h.status === 'failed' || h.error) return oneLine(h.error ?? 'no reason given');
  return h.changes.map((c) => c.stage).join(', ');
}

/**
 * One line per host (changed and which stages, unchanged, or failed and why), the
 * preflight warnings of the hosts that changed, the runtime versions replaced, the
 * postflight outcome, and when any host failed, the command that retries just those.
 */
export function upSummary(result: UpResultView, retryCommand: (nodes: string[]) => string): string {
  const rows = result.hosts.map((h) => [h.node.name, h.node.ssh.host, h.status, h.status === 'unchanged' ? '' : outcomeDetail(h)]);
  const lines = [...align(rows), ''];

  const warnings = result.hosts.flatMap((h) => (h.preflight?.results ?? []).filter((r) => r.status === 'warn').map((r) => [`  ${who(h.node)}`, r.id, oneLine(r.detail)]));
  if (warnings.length > 0) lines.push(`Preflight ${plural(warnings.length, 'warning')}:`, ...align(warnings), '');
  if (result.runtime) lines.push(`Runtime ${result.runtime.from.join(', ')} → ${result.runtime.to} rolled out: masters one at a time, then agents in batches.`);

  const agents = Object.keys(result.agentIds).length;
  if (result.postflightError) lines.push(`Postflight failed: ${oneLine(result.postflightError)}`);
  else {
    const canary = result.canary ? `canary task ran on ${result.canary.host} and was removed` : 'no canary task (nothing changed)';
    lines.push(`Postflight: the leader answers at ${result.masterUrl}; ${plural(agents, 'agent')} registered; ${canary}.`);
  }

  const failed = result.hosts.filter((h) => h.status === 'failed').map((h) => h.node.name);
  if (failed.length > 0) lines.push(`Failed: ${failed.join(', ')}. Retry just them: ${retryCommand(failed)}`);
  return lines.join('\n') + '\n';
}

/** --dry-run: per host what would change and why, or that nothing would. */
export function planText(result: UpResultView): string {
  const rows = result.hosts.map((h) => {
    let what: string;
    if (h.status === 'failed') what = `failed: ${oneLine(h.error ?? 'no reason given')}`;
    else if (h.changes.length === 0) what = h.status === 'skipped' ? 'skipped' : 'unchanged';
    else what = h.changes.map((c) => `${c.stage} (${c.reason})`).join(', ');
    return [`${h.node.name}:`, what];
  });
  const changing = result.hosts.filter((h) => h.status !== 'failed' && h.changes.length > 0).length;
  const unchanged = result.hosts.filter((h) => h.status === 'unchanged').length;
  const failed = result.hosts.filter((h) => h.status === 'failed').length;
  const tally = [
    `${plural(changing, 'host')} would change`,
    `${unchanged} unchanged`,
    ...(failed > 0 ? [`${failed} could not be planned`] : []),
  ].join(', ');
  const runtime = result.runtime ? [`Runtime ${result.runtime.from.join(', ')} → ${result.runtime.to} would be rolled out: masters one at a time, then agents in batches.`] : [];
  return [...align(rows), '', ...runtime, `Dry run: ${tally}. Nothing was changed.`].join('\n') + '\n';
}

/** One line per host (removed, with the task processes it ended, or failed and why). */
export function downSummary(result: DownResultView, retryCommand?: (nodes: string[]) => string): string {
  const rows = result.hosts.map((h) => [
    h.node.name,
    h.node.ssh.host,
    h.ok ? 'removed' : 'failed',
    h.ok ? (h.killed ? `${plural(h.killed, 'task process', 'task processes')} ended` : '') : oneLine(h.error ?? 'no reason given'),
  ]);
  const failed = result.hosts.filter((h) => !h.ok).map((h) => h.node.name);
  const last = failed.length === 0
    ? `Removed from ${result.hosts.length === 1 ? 'the only host' : `all ${result.hosts.length} hosts`}.`
    : `Failed: ${failed.join(', ')}.${retryCommand ? ` Retry just them: ${retryCommand(failed)}` : ''}`;
  return [...align(rows), '', last].join('\n') + '\n';
}
