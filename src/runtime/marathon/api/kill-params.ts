import { DcosError, ErrorCodes } from '../../../core/errors.js';
import { boolParam, type Query } from './query.js';

/**
 * The parameters of Marathon's task kills, each acted on or refused: `scale` scales the
 * apps down by the tasks killed (a deployment, so `force` overrides its lock); `wipe`
 * destroys persistent volumes, which this cluster does not have; `force` without `scale`
 * would override nothing (a plain kill takes no lock). Returns `scale`.
 */
export function killParams(query: Query, force: boolean): boolean {
  const scale = boolParam(query, 'scale', false);
  if (boolParam(query, 'wipe', false)) {
    throw new DcosError(ErrorCodes.BAD_REQUEST, 'wipe=true destroys the persistent volumes of the tasks, and this cluster has none: leave wipe out');
  }
  if (force && !scale) throw new DcosError(ErrorCodes.BAD_REQUEST, 'force=true overrides the lock of the deployment a kill with scale=true makes; without scale there is none to override');
  return scale;
}
