import type { Rejection, RejectReason } from '../placement.js';

/** "insufficient mem (needs 512, free 256)": what one instance needs against what the agent has free. */
export function shortfall(reason: RejectReason, resource: string, needs: number, free: number): Rejection {
  return {
    reason,
    message: `insufficient ${resource} (needs ${amount(needs)}, free ${amount(free)})`,
    cause: causeOf(resource),
    needs,
    free,
  };
}

/** An amount as people read it: no float noise (0.30000000000000004 is 0.3). */
export function amount(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

const causes = new Map<string, string>();

/** One string per resource, so explanations group shortfalls without hashing new strings. */
function causeOf(resource: string): string {
  let cause = causes.get(resource);
  if (!cause) causes.set(resource, (cause = `insufficient ${resource}`));
  return cause;
}
