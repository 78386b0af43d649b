/**
 * The checks a package definition passes before a repository is accepted
 * (universe repo/meta/schema/vX-repo-definitions.json, as Cosmos's decoder needs them):
 * the required fields with their types, packagingVersion 2.0–5.0, releaseVersion an
 * integer ≥ 0, the template standard base64. Each problem names its field. Fields the
 * schema does not know are left alone, as Cosmos's decoder leaves them.
 */
export interface PackageProblem {
  field: string;
  message: string;
}

export const PACKAGING_VERSIONS = ['2.0', '3.0', '4.0', '5.0'] as const;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Check = (v: unknown) => string | undefined;
const isString: Check = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const isBoolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be a boolean');
const isObject: Check = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'must be an object');
const isStringArray: Check = (v) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'must be an array of strings');
const isInteger: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? undefined : 'must be an integer ≥ 0');

const REQUIRED: Record<string, Check> = {
  packagingVersion: (v) => ((PACKAGING_VERSIONS as readonly unknown[]).includes(v) ? undefined : `must be one of ${PACKAGING_VERSIONS.join(', ')}`),
  name: (v) => isString(v) ?? ((v as string).length === 0 ? 'must not be empty' : undefined),
  version: (v) => isString(v) ?? ((v as string).length === 0 ? 'must not be empty' : undefined),
  maintainer: isString,
  description: isString,
  tags: isStringArray,
};

const OPTIONAL: Record<string, Check> = {
  selected: isBoolean,
  framework: isBoolean,
  hasKnownIssues: isBoolean,
  scm: isString,
  website: isString,
  preInstallNotes: isString,
  postInstallNotes: isString,
  postUninstallNotes: isString,
  minDcosReleaseVersion: isString,
  upgradesFrom: isStringArray,
  downgradesTo: isStringArray,
  lastUpdated: (v) => (Number.isInteger(v) ? undefined : 'must be an integer'),
  licenses: (v) => (Array.isArray(v) && v.every((l) => isObject(l) === undefined && typeof l.name === 'string' && typeof l.url === 'string') ? undefined : 'must be an array of {name, url}'),
  images: isObject,
  config: isObject,
  resource: isObject,
  manager: (v) => isObject(v) ?? (typeof (v as { packageName?: unknown }).packageName === 'string' ? undefined : 'must have a string packageName'),
  command: (v) => isObject(v) ?? (isStringArray((v as { pip?: unknown }).pip) ? 'must be {"pip": [strings]}' : undefined),
  marathon: (v) => {
    const bad = isObject(v);
    if (bad) return bad;
    const t = (v as { v2AppMustacheTemplate?: unknown }).v2AppMustacheTemplate;
    if (typeof t !== 'string') return 'must have a string v2AppMustacheTemplate';
    return t.length % 4 === 0 && BASE64.test(t) ? undefined : 'v2AppMustacheTemplate must be standard base64 (with padding)';
  },
};

/**
 * Problems of one package (empty when it is valid). `releaseVersion: false` skips that
 * field, for a package.json whose revision is its directory's name.
 */
export function packageProblems(pkg: unknown, opts: { releaseVersion: boolean } = { releaseVersion: true }): PackageProblem[] {
  if (isObject(pkg)) return [{ field: '', message: 'must be an object' }];
  const o = pkg as Record<string, unknown>;
  const problems: PackageProblem[] = [];
  const checks: Record<string, Check> = opts.releaseVersion ? { ...REQUIRED, releaseVersion: isInteger } : REQUIRED;
  for (const [field, check] of Object.entries(checks)) {
    if (!(field in o)) problems.push({ field, message: 'is required' });
    else {
      const bad = check(o[field]);
      if (bad) problems.push({ field, message: bad });
    }
  }
  for (const [field, check] of Object.entries(OPTIONAL)) {
    if (o[field] === undefined) continue;
    const bad = check(o[field]);
    if (bad) problems.push({ field, message: bad });
  }
  if (o.packagingVersion === '2.0' && o.marathon === undefined && opts.releaseVersion) {
    problems.push({ field: 'marathon', message: 'is required for packagingVersion 2.0' });
  }
  return problems;
}
