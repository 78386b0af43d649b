import type { FeasibilityStage } from '../placement.js';
import { shortfall } from './shortfall.js';

/** Scalars fit within this tolerance, as in core/resources (Mesos' own), so 0.1 + 0.2 fits in 0.3. */
const EPSILON = 1e-6;

/**
 * cpus, mem, disk and gpus, in Marathon's funnel order: the first that does not fit is the
 * reason. Written as "not within" so that a need that is not a number never fits.
 */
export const resourcesStage: FeasibilityStage = {
  name: 'resources',
  reasons: ['InsufficientCpus', 'InsufficientMemory', 'InsufficientDisk', 'InsufficientGpus'],
  bind({ cpus, mem, disk, gpus }) {
    return (_candidate, left) => {
      if (!(cpus <= left.cpus + EPSILON)) return shortfall('InsufficientCpus', 'cpus', cpus, left.cpus);
      if (!(mem <= left.mem + EPSILON)) return shortfall('InsufficientMemory', 'mem', mem, left.mem);
      if (!(disk <= left.disk + EPSILON)) return shortfall('InsufficientDisk', 'disk', disk, left.disk);
      if (!(gpus <= left.gpus + EPSILON)) return shortfall('InsufficientGpus', 'gpus', gpus, left.gpus);
      return undefined;
    };
  },
};
