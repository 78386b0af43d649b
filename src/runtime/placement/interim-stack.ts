import { containsResources, countPorts, portsToRanges, subtractResources, type PortRange, type Resources } from '../../core/resources.js';
import type { Candidate, Placement, PlacementRequest, PlacementResult, PlacementStack, RequestOutcome } from './placement.js';

/**
 * A stand-in stack until the real one lands (resources, ports, roles, capabilities;
 * round-robin spread; no constraints). Replaced by placement-stack.ts.
 */
export class InterimStack implements PlacementStack {
  place(requests: PlacementRequest[], candidates: Candidate[], random: () => number): PlacementResult {
    const remaining = new Map(candidates.map((c) => [c.offerId, c.resources]));
    const placements: Placement[] = [];
    const outcomes = new Map<string, RequestOutcome>();
    for (const req of requests) {
      let placed = 0;
      let progress = true;
      const unused = new Map<string, string>();
      while (placed < req.count && progress) {
        progress = false;
        for (const c of candidates) {
          if (placed >= req.count) break;
          const left = remaining.get(c.offerId)!;
          const why = this.misfit(req, c, left);
          if (why) { unused.set(c.offerId, why); continue; }
          const ports = req.fixedPorts ?? pickPorts(left.ports, req.portCount, random)!;
          const need: Resources = { cpus: req.cpus, mem: req.mem, disk: req.disk, ports: portsToRanges(ports) };
          remaining.set(c.offerId, subtractResources(left, need));
          placements.push({ key: req.key, offerId: c.offerId, agentId: c.agentId, hostname: c.hostname, ports, resources: need, gpus: 0 });
          unused.delete(c.offerId);
          placed++;
          progress = true;
        }
      }
      const rejections = [...unused.entries()].map(([offerId, message]) => {
        const c = candidates.find((x) => x.offerId === offerId)!;
        return { offerId, agentId: c.agentId, hostname: c.hostname, rejection: { reason: 'InsufficientCpus' as const, message, cause: message } };
      });
      outcomes.set(req.key, {
        key: req.key, wanted: req.count, placed, processed: candidates.length, unused: rejections, summary: [],
        explanation: rejections.map((r) => `${r.hostname}: ${r.rejection.message}`).join('; '),
      });
    }
    return { placements, outcomes };
  }

  private misfit(req: PlacementRequest, c: Candidate, left: Resources): string | undefined {
    if (!req.acceptedRoles.includes(c.role)) return `offers role ${c.role}`;
    const missing = req.capabilities.filter((k) => !c.capabilities.has(k));
    if (missing.length > 0) return `agent has no ${missing.join(', ')}`;
    const ports = req.fixedPorts ? portsToRanges(req.fixedPorts) : [];
    if (!containsResources(left, { cpus: req.cpus, mem: req.mem, disk: req.disk, ports })) return 'insufficient resources';
    if (!req.fixedPorts && countPorts(left.ports) < req.portCount) return 'insufficient ports';
    return undefined;
  }
}

export function pickPorts(ranges: PortRange[], count: number, random: () => number): number[] | undefined {
  if (count === 0) return [];
  const total = countPorts(ranges);
  if (total < count) return undefined;
  const start = Math.floor(random() * total);
  const picked: number[] = [];
  for (let k = 0; k < count; k++) picked.push(portAt(ranges, (start + k) % total));
  return picked;
}

function portAt(ranges: PortRange[], index: number): number {
  let i = index;
  for (const [b, e] of ranges) {
    const size = e - b + 1;
    if (i < size) return b + i;
    i -= size;
  }
  throw new Error('port index out of range');
}
