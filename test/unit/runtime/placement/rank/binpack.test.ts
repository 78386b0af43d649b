import assert from 'node:assert/strict';
import { StagedPlacementStack } from '../../../../../src/runtime/placement/placement-stack.js';
import { binpackRanker } from '../../../../../src/runtime/placement/rank/binpack.js';
import { RequestContext } from '../../../../../src/runtime/placement/request-context.js';
import { candidate, remaining, request, seeded } from '../fixtures.js';

const sized = (n: number, cpus: number, mem: number) => candidate(n, { resources: { cpus, mem, disk: 0, ports: [] } });

describe('binpack ranker', () => {
  it('puts the agent with the least room left first', () => {
    const req = request({ cpus: 1, mem: 128 });
    const ctx = new RequestContext(req);
    const [roomy, tight] = [sized(1, 8, 4096), sized(2, 2, 4096)];
    assert.ok(binpackRanker.score(req, tight, remaining(tight), ctx) < binpackRanker.score(req, roomy, remaining(roomy), ctx));
  });

  it('fills an agent before starting the next, leaving the roomiest whole', () => {
    const agents = [sized(1, 8, 4096), sized(2, 3, 4096), sized(3, 4, 4096)];
    const { placements } = new StagedPlacementStack(binpackRanker).place([request({ count: 5 })], agents, seeded(1));
    assert.deepEqual(placements.map((p) => p.agentId), ['agent-2', 'agent-2', 'agent-2', 'agent-3', 'agent-3']);
  });
});
