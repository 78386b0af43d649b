import { at, reportDuplicates, type RuleContext } from './rule-context.js';

/** Marathon's other kinds of volume (volumes.raml), told apart by the field that carries their source. */
const REFUSED_KINDS: Record<string, string> = {
  persistent: 'persistent volumes are refused: no volume provider yet',
  external: 'external volumes are refused: no volume provider yet',
  secret: 'secret volumes are refused: no volume provider yet (and this cluster has no secret store)',
};
const HOST_VOLUME_FIELDS = ['containerPath', 'hostPath', 'mode'];

/** Problems of one volume as [field (undefined: the volume), message]. */
function volumeProblems(volume: Record<string, unknown>): Array<[string | undefined, string]> {
  const kind = Object.keys(REFUSED_KINDS).find((k) => k in volume);
  if (kind) return [[undefined, `${REFUSED_KINDS[kind]}: use a host volume {"containerPath", "hostPath", "mode"}`]];
  const found: Array<[string | undefined, string]> = [];
  for (const field of Object.keys(volume)) {
    if (!HOST_VOLUME_FIELDS.includes(field)) found.push([field, 'is not a field of a Marathon app definition here (unknown field)']);
  }
  for (const field of ['containerPath', 'hostPath']) {
    const value = volume[field];
    if (value === undefined) found.push([field, 'is required']);
    else if (typeof value !== 'string' || value === '') found.push([field, 'must be a non-empty string']);
  }
  if (volume.mode === undefined) found.push(['mode', 'is required: "RO" (read-only) or "RW"']);
  else if (volume.mode !== 'RO' && volume.mode !== 'RW') found.push(['mode', 'must be one of RO, RW']);
  const hostPath = volume.hostPath;
  if (typeof hostPath === 'string' && !hostPath.startsWith('/') && hostPath.split('/').includes('..')) {
    found.push(['hostPath', `a relative hostPath is a directory of the sandbox and must not climb out of it with "..": "${hostPath}"`]);
  }
  return found;
}

/**
 * Host volumes only (volumes.raml AppHostVolume: containerPath, hostPath and mode, all
 * required). A relative hostPath is a directory of the sandbox, so it must not climb out
 * of it; a containerPath is mounted once.
 */
export function volumeRules({ raw, problems }: RuleContext): void {
  const volumes = (raw.container?.volumes ?? []) as Array<Record<string, unknown>>;
  const valid = volumes.map((v, i) => {
    const found = volumeProblems(v);
    for (const [field, message] of found) problems.add(field ? at('/container/volumes', i, field) : at('/container/volumes', i), message);
    return found.length === 0;
  });
  reportDuplicates(volumes, (v, i) => (valid[i] ? String(v.containerPath) : undefined), (i, first) =>
    problems.add(at('/container/volumes', i, 'containerPath'), `is mounted twice: volumes(${first}) mounts it too`));
}
