import type { PlacementRequest, Remaining } from '../placement.js';

/**
 * How many more instances of the request fit in what is left, the scarcest resource
 * deciding (unrounded; Infinity when the request needs no scalar): "free resources" in
 * the request's own units, so cpus and MiB need no exchange rate.
 */
export function headroom(request: PlacementRequest, left: Remaining): number {
  let fits = Infinity;
  if (request.cpus > 0) fits = Math.min(fits, left.cpus / request.cpus);
  if (request.mem > 0) fits = Math.min(fits, left.mem / request.mem);
  if (request.disk > 0) fits = Math.min(fits, left.disk / request.disk);
  if (request.gpus > 0) fits = Math.min(fits, left.gpus / request.gpus);
  return fits;
}
