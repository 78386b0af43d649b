import assert from 'node:assert/strict';
import { resourcesStage } from '../../../../../src/runtime/placement/feasible/resources.js';
import type { Candidate, PlacementRequest } from '../../../../../src/runtime/placement/placement.js';
import { candidate, check, request } from '../fixtures.js';

const agent = (cpus: number, mem: number, disk = 1000, gpus?: number): Candidate =>
  candidate(1, { resources: { cpus, mem, disk, ports: [] }, gpus });

describe('resources stage', () => {
  const cases: Array<[string, Partial<PlacementRequest>, Candidate, { reason: string; message: string } | undefined]> = [
    ['fits what is exactly free', { cpus: 2, mem: 512, disk: 1000 }, agent(2, 512), undefined],
    ['fits 0.1 + 0.2 cpus in 0.3, as Mesos compares scalars', { cpus: 0.1 + 0.2 }, agent(0.3, 512), undefined],
    ['refuses cpus, naming the need and the free amount', { cpus: 2 }, agent(1.5, 512), { reason: 'InsufficientCpus', message: 'insufficient cpus (needs 2, free 1.5)' }],
    ['refuses mem', { cpus: 1, mem: 512 }, agent(2, 256), { reason: 'InsufficientMemory', message: 'insufficient mem (needs 512, free 256)' }],
    ['refuses disk', { disk: 2000 }, agent(2, 512, 1000), { reason: 'InsufficientDisk', message: 'insufficient disk (needs 2000, free 1000)' }],
    ['refuses gpus on an agent that offers none', { gpus: 1 }, agent(2, 512), { reason: 'InsufficientGpus', message: 'insufficient gpus (needs 1, free 0)' }],
    ['fits gpus an agent offers', { gpus: 1 }, agent(2, 512, 1000, 2), undefined],
    ['refuses a need that is not a number rather than placing it', { mem: NaN }, agent(2, 512), { reason: 'InsufficientMemory', message: 'insufficient mem (needs NaN, free 512)' }],
    ['names cpus first when several are short (Marathon funnel order)', { cpus: 4, mem: 8192 }, agent(1, 256), { reason: 'InsufficientCpus', message: 'insufficient cpus (needs 4, free 1)' }],
  ];
  for (const [title, req, c, expected] of cases) {
    it(title, () => {
      const rejection = check(resourcesStage, request({ cpus: 1, mem: 128, ...req }), c);
      assert.deepEqual(rejection && { reason: rejection.reason, message: rejection.message }, expected);
    });
  }

  it('gives the cause agents share and the amounts, so explanations name the largest free', () => {
    const rejection = check(resourcesStage, request({ mem: 512 }), agent(2, 256));
    assert.deepEqual({ cause: rejection?.cause, needs: rejection?.needs, free: rejection?.free }, { cause: 'insufficient mem', needs: 512, free: 256 });
  });
});
