import assert from 'node:assert/strict';
import { StagedPlacementStack } from '../../../../../src/runtime/placement/placement-stack.js';
import { spreadRanker } from '../../../../../src/runtime/placement/rank/spread.js';
import { RequestContext } from '../../../../../src/runtime/placement/request-context.js';
import { candidate, instanceOn, remaining, request, seeded } from '../fixtures.js';

const sized = (n: number, cpus: number, mem: number) => candidate(n, { resources: { cpus, mem, disk: 0, ports: [] } });

describe('spread ranker', () => {
  it('puts the agent with fewer instances of the request first, even with less room', () => {
    const req = request({ existing: [instanceOn(1)] });
    const ctx = new RequestContext(req);
    const [big, small] = [sized(1, 32, 65536), sized(2, 2, 1024)];
    assert.ok(spreadRanker.score(req, small, remaining(small), ctx) < spreadRanker.score(req, big, remaining(big), ctx));
  });

  it('among agents with as many instances, puts the one with the most room first, in the request\'s units', () => {
    const req = request({ cpus: 1, mem: 128 });
    const ctx = new RequestContext(req);
    const manyCpus = sized(1, 8, 1024); // room for 8
    const manyMiB = sized(2, 2, 65536); // room for 2: cpus are its scarce resource
    assert.ok(spreadRanker.score(req, manyCpus, remaining(manyCpus), ctx) < spreadRanker.score(req, manyMiB, remaining(manyMiB), ctx));
  });

  it('spreads a request over agents before doubling up', () => {
    const agents = [sized(1, 8, 4096), sized(2, 8, 4096), sized(3, 4, 2048)];
    const { placements } = new StagedPlacementStack(spreadRanker).place([request({ count: 6 })], agents, seeded(1));
    const perAgent = placements.reduce<Record<string, number>>((m, p) => ({ ...m, [p.agentId]: (m[p.agentId] ?? 0) + 1 }), {});
    assert.deepEqual(perAgent, { 'agent-1': 2, 'agent-2': 2, 'agent-3': 2 });
  });
});
