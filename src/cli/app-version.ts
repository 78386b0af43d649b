import type { MarathonClient } from '../api/marathon-client.js';
import { DcosError, ErrorCodes } from '../core/errors.js';
import { usageError } from './errors.js';

/**
 * dcos-core-cli's --app-version: an absolute version (an ISO 8601 timestamp, as Marathon
 * names versions) is used as given; a negative integer -N names the Nth version before
 * the current one (-1: the previous). 0 and positive integers are refused.
 */
export async function resolveAppVersion(marathon: MarathonClient, appId: string, spec: string): Promise<string> {
  if (!/^[+-]?\d+$/.test(spec.trim())) return spec;
  const back = -Number(spec);
  if (back <= 0) throw usageError(`--app-version ${spec}: a relative version must be negative (-1 is the version before the current one)`);
  const versions = await marathon.appVersions(appId); // newest first
  if (back >= versions.length) {
    throw new DcosError(ErrorCodes.NOT_FOUND, `app ${appId} has ${versions.length} version${versions.length === 1 ? '' : 's'}: --app-version ${spec} names none`);
  }
  return versions[back];
}
