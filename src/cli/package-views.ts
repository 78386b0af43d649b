import type { InstalledAppStatus, InstalledPackage, PackageDefinition, PackageRepository, SearchResult } from '../api/cosmos-types.js';
import { formatTable } from './table.js';
import { EMPTY } from './views.js';

/**
 * The human views of `dcos package …`, after dcos-core-cli (pkg/cmd/pkg/*.go); `--json`
 * prints the API objects, or for `list` dcos-core-cli's grouped packages.
 *
 * Descriptions are cut at a number of code points, not bytes as the Go CLI does (which can
 * cut a character in two).
 */

/** The first `keep` code points and "..." when the text has `limit` code points or more. */
export function cut(text: string, limit: number, keep: number): string {
  const chars = [...text];
  return chars.length >= limit ? `${chars.slice(0, keep).join('')}...` : text;
}

/** `package search`: NAME VERSION CERTIFIED FRAMEWORK DESCRIPTION; a description of 80 or more characters becomes its first 76 and "...". */
export function searchTable(results: SearchResult[]): string {
  return formatTable(
    [
      { header: 'name', get: (r) => r.name },
      { header: 'version', get: (r) => r.currentVersion },
      { header: 'certified', get: (r) => String(r.selected ?? false) },
      { header: 'framework', get: (r) => String(r.framework ?? false) },
      { header: 'description', get: (r) => cut(r.description ?? '', 80, 76) },
    ],
    results,
  );
}

/** dcos-core-cli's installed package (`package list --json`): one per name and version, with the ids of its apps. */
export interface InstalledPackageView {
  apps: string[];
  name: string;
  version: string;
  packagingVersion: string;
  description?: string;
  maintainer?: string;
  framework: boolean;
  selected: boolean;
  tags?: string[];
  licenses?: Array<{ name: string; url: string }>;
  scm?: string;
  website?: string;
  preInstallNotes?: string;
  postInstallNotes?: string;
  postUninstallNotes?: string;
  /** Beyond DC/OS: how each app is doing (the package service's status), by app id. */
  statuses: Record<string, InstalledAppStatus>;
}

/**
 * Cosmos's installs grouped as dcos-core-cli groups them (by name and version, apps in
 * Cosmos's order), sorted by name then version. `filter` keeps the installs whose package
 * name or app id contains it; `appId` keeps the install of exactly that app.
 */
export function installedPackages(installs: InstalledPackage[], opts: { filter?: string; appId?: string } = {}): InstalledPackageView[] {
  const byKey = new Map<string, InstalledPackageView>();
  const { filter, appId } = opts;
  const wanted = (i: InstalledPackage) => (appId !== undefined ? i.appId === appId
    : filter === undefined || i.appId.includes(filter) || i.packageInformation.packageDefinition.name.includes(filter));
  for (const i of installs.filter(wanted)) {
    const d = i.packageInformation.packageDefinition;
    const key = `${d.name}\u0000${d.version}`;
    const seen = byKey.get(key);
    if (seen) {
      if (!seen.apps.includes(i.appId)) seen.apps.push(i.appId);
      if (i.status) seen.statuses[i.appId] = i.status;
      continue;
    }
    byKey.set(key, {
      apps: [i.appId],
      statuses: i.status ? { [i.appId]: i.status } : {},
      name: d.name,
      version: d.version,
      packagingVersion: d.packagingVersion,
      description: d.description,
      maintainer: d.maintainer,
      framework: d.framework ?? false,
      selected: d.selected ?? false,
      tags: d.tags,
      licenses: d.licenses,
      scm: d.scm,
      website: d.website,
      preInstallNotes: d.preInstallNotes,
      postInstallNotes: d.postInstallNotes,
      postUninstallNotes: d.postUninstallNotes,
    });
  }
  return [...byKey.values()]
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** A description for one table cell: its first line (and "..." when there were more), 70 or more characters cut to 66 and "...". */
export function listDescription(description: string): string {
  const nl = description.indexOf('\n');
  const first = nl === -1 ? description : `${description.slice(0, nl)}...`;
  return cut(first, 71, 66);
}

/** Waiting: <why> while instances wait to launch (never silent), Deploying, Suspended at 0 instances, else Running n/m. */
export function installStatus(s: InstalledAppStatus | undefined): string {
  if (!s) return EMPTY;
  if (s.waitingReason) return `Waiting: ${s.waitingReason}`;
  if (s.deployments.length > 0) return 'Deploying';
  if (s.instances === 0) return 'Suspended';
  return `Running ${s.tasksRunning}/${s.instances}${s.tasksUnhealthy > 0 ? `, ${s.tasksUnhealthy} unhealthy` : ''}`;
}

/**
 * `package list`: NAME VERSION CERTIFIED APP COMMAND DESCRIPTION STATUS, one row per
 * installed app (dcos-core-cli puts a package's apps in one cell over several lines,
 * which breaks reading the table line by line). COMMAND is always ---: this CLI installs
 * no package CLIs. STATUS is ours: an install that waits says why.
 */
export function installedTable(packages: InstalledPackageView[]): string {
  const rows = packages.flatMap((p) => (p.apps.length > 0 ? p.apps : [EMPTY]).map((app) => ({ p, app })));
  return formatTable(
    [
      { header: 'name', get: (r) => r.p.name },
      { header: 'version', get: (r) => r.p.version },
      { header: 'certified', get: (r) => String(r.p.selected) },
      { header: 'app', get: (r) => r.app },
      { header: 'command', get: () => EMPTY },
      { header: 'description', get: (r) => listDescription(r.p.description ?? '') },
      { header: 'status', get: (r) => installStatus(r.p.statuses[r.app]) },
    ],
    rows,
  );
}

/** `package repo list`: `name: uri`, in search order. */
export function repoLines(repos: PackageRepository[]): string {
  return repos.map((r) => `${r.name}: ${r.uri}\n`).join('');
}

/** `package describe --package-versions`: the versions, oldest release first (Cosmos maps version → releaseVersion). */
export function versionsInReleaseOrder(results: Record<string, string>): string[] {
  return Object.entries(results)
    .sort(([va, ra], [vb, rb]) => Number(ra) - Number(rb) || va.localeCompare(vb))
    .map(([v]) => v);
}

/**
 * What `package install` says before asking (dcos-core-cli's words, on stderr): the
 * community notice, then the pre-install notes. DC/OS's line about Mesosphere's catalog
 * terms is left out: those terms do not apply to this cluster's repositories.
 */
export function installNotice(pkg: Pick<PackageDefinition, 'selected' | 'preInstallNotes'>): string[] {
  const lines: string[] = [];
  if (!pkg.selected) {
    lines.push(
      'This is a Community service. Community services are not tested for production environments. There may be bugs, incomplete features, incorrect documentation, or other discrepancies.',
    );
  }
  if (pkg.preInstallNotes) lines.push(pkg.preInstallNotes);
  return lines;
}

/** `package uninstall`'s warning, question and the answer to type (dcos-core-cli's words). */
export function uninstallConfirmation(name: string, opts: { appId?: string; all?: boolean }): { warning: string; question: string; expected: string } {
  const target = opts.appId ?? name;
  if (opts.all) {
    return {
      warning: `WARNING: This action cannot be undone. This will uninstall all instances of the [${name}] package, and delete all data for all ${name} instances.`,
      question: `Please type 'uninstall all ${name}': `,
      expected: `uninstall all ${name}`,
    };
  }
  return {
    warning: `WARNING: This action cannot be undone. This will uninstall [${target}] and delete all of its persistent data (logs, configurations, database artifacts, everything).`,
    question: opts.appId ? 'Please type the full name of the app ID to confirm: ' : 'Please type the name of the service to confirm: ',
    expected: target,
  };
}

/** Leaves of an options document by dotted path (arrays are values, not branches). */
function leaves(doc: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    const entries = Object.entries(doc as Record<string, unknown>);
    if (entries.length === 0 && prefix) out.set(prefix, {});
    for (const [k, v] of entries) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, doc);
  }
  return out;
}

/** `package upgrade`: what changed between two options documents, one line per option (`~ a.b: 1 → 2`, `+ a.c: x`, `- a.d: y`), by path. */
export function optionsDiff(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const a = leaves(before);
  const b = leaves(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const lines: string[] = [];
  for (const p of paths) {
    const was = a.get(p);
    const now = b.get(p);
    if (!a.has(p)) lines.push(`+ ${p}: ${JSON.stringify(now)}`);
    else if (!b.has(p)) lines.push(`- ${p}: ${JSON.stringify(was)}`);
    else if (JSON.stringify(was) !== JSON.stringify(now)) lines.push(`~ ${p}: ${JSON.stringify(was)} → ${JSON.stringify(now)}`);
  }
  return lines;
}

/** The options an install was made with: Cosmos keeps the user's (not the defaults) in the app's DCOS_PACKAGE_OPTIONS label, base64 JSON. */
export function storedOptions(labels: Record<string, string> | undefined): Record<string, unknown> {
  const raw = labels?.DCOS_PACKAGE_OPTIONS;
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
