import { DcosError, ErrorCodes } from '../../core/errors.js';

/** A runtime as a host has it installed or the CLI carries it. */
export interface RuntimeVersion {
  /** package.json version of the CLI that built the bundle (BUNDLE.json). */
  version?: string;
  /** SHA-256 of the bundle: the exact bits. */
  sha256: string;
}

/**
 * What replacing a host's runtime with the CLI's would be.
 *
 * The bundle's SHA-256 tells whether two runtimes are the same bits, never which is
 * older; the package.json version orders them (semver precedence) but cannot tell two
 * builds of one version apart. So both are used:
 *   same        same SHA-256: nothing to replace
 *   new         nothing installed yet
 *   upgrade     the CLI's version is higher
 *   downgrade   the installed version is higher: refused unless asked for explicitly
 *   unordered   other bits of the same version (a patched or locally built CLI), or a
 *               version that cannot be read: a change, but neither older nor newer, so
 *               not refused (refusing would forbid every rebuild)
 */
export type RuntimeChange = 'same' | 'new' | 'upgrade' | 'downgrade' | 'unordered';

export function runtimeChange(installed: RuntimeVersion | undefined, cli: RuntimeVersion): RuntimeChange {
  if (!installed) return 'new';
  if (installed.sha256 === cli.sha256) return 'same';
  const order = installed.version && cli.version ? compareVersions(cli.version, installed.version) : undefined;
  if (order === undefined || order === 0) return 'unordered';
  return order > 0 ? 'upgrade' : 'downgrade';
}

const SEMVER = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Semver 2.0 precedence (build metadata ignored): <0, 0 or >0; undefined when either is not a version. */
export function compareVersions(a: string, b: string): number | undefined {
  const [pa, pb] = [SEMVER.exec(a), SEMVER.exec(b)];
  if (!pa || !pb) return undefined;
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return Math.sign(d);
  }
  // A pre-release ranks below its release; identifiers compare numerically when both are numbers.
  if (pa[4] === undefined || pb[4] === undefined) return pa[4] === pb[4] ? 0 : pa[4] === undefined ? 1 : -1;
  const [xa, xb] = [pa[4].split('.'), pb[4].split('.')];
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    if (xa[i] === undefined || xb[i] === undefined) return xa[i] === undefined ? -1 : 1;
    const [na, nb] = [/^\d+$/.test(xa[i]), /^\d+$/.test(xb[i])];
    if (na && nb && Number(xa[i]) !== Number(xb[i])) return Math.sign(Number(xa[i]) - Number(xb[i]));
    if (na !== nb) return na ? -1 : 1;
    if (!na && xa[i] !== xb[i]) return xa[i] < xb[i] ? -1 : 1;
  }
  return 0;
}

const short = (sha: string) => sha.slice(0, 12);

/** The refusal: which hosts run which newer runtime, what the CLI carries, and the two ways on. */
export function downgradeError(cluster: string, hosts: Array<{ name: string; runtime: RuntimeVersion }>, cli: RuntimeVersion): DcosError {
  const byVersion = new Map<string, string[]>();
  for (const h of hosts) {
    const key = `${h.runtime.version} (bundle ${short(h.runtime.sha256)}`;
    byVersion.set(key, [...(byVersion.get(key) ?? []), h.name]);
  }
  const installed = [...byVersion].map(([v, names]) => `${v} on ${names.join(', ')})`).join(' and ');
  const newest = hosts.map((h) => h.runtime.version!).reduce((a, b) => ((compareVersions(a, b) ?? 0) >= 0 ? a : b));
  return new DcosError(ErrorCodes.DOWNGRADE,
    `cluster "${cluster}" runs the runtime ${installed}, and this CLI carries the older ${cli.version} (bundle ${short(cli.sha256)}): `
    + `refusing to downgrade. Use a CLI of ${newest} or newer, or pass --allow-downgrade to roll the cluster back to ${cli.version} `
    + '(masters one at a time, then agents in batches; tasks keep running)');
}
