import type { HostState } from './host-state.js';

/** The stages of provisioning one host, in order. */
export const STAGES = ['upload', 'install', 'configure', 'start'] as const;
export type Stage = (typeof STAGES)[number];

export interface PlannedChange {
  stage: Stage;
  reason: string;
}

export interface DesiredHost {
  bundleSha256: string;
  configHash: string;
  /** sha256 of each secret this host must hold, by file name. */
  secretHashes: Record<string, string>;
}

const short = (sha?: string) => (sha ? sha.slice(0, 12) : 'none');

/**
 * What `up` must change on a host to reach `desired`, stage by stage; empty when the host
 * is already there. Pure, so --dry-run prints exactly what a real run would do.
 */
export function planHost(state: HostState, desired: DesiredHost): PlannedChange[] {
  const changes: PlannedChange[] = [];
  const bundleHere = state.versionPresent || state.tarballPresent;
  if (!bundleHere) changes.push({ stage: 'upload', reason: `bundle ${short(desired.bundleSha256)} is not on the host` });
  if (state.currentSha256 !== desired.bundleSha256) {
    changes.push({ stage: 'install', reason: `current is ${short(state.currentSha256)}, wanted ${short(desired.bundleSha256)}` });
  }
  const secretsDiffer = Object.entries(desired.secretHashes).some(([name, hash]) => state.secretHashes[name] !== hash);
  if (!state.installed) changes.push({ stage: 'configure', reason: 'not configured yet' });
  else if (state.installed.configHash !== desired.configHash || secretsDiffer) {
    changes.push({ stage: 'configure', reason: secretsDiffer ? 'secrets changed' : 'configuration changed' });
  }
  if (changes.length > 0) changes.push({ stage: 'start', reason: state.serviceRunning ? 'restart with the new version or configuration' : 'service is not running' });
  else if (!state.serviceRunning) changes.push({ stage: 'start', reason: 'service is not running' });
  return changes;
}
