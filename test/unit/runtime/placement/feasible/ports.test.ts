import assert from 'node:assert/strict';
import { portsStage } from '../../../../../src/runtime/placement/feasible/ports.js';
import type { PortRange } from '../../../../../src/core/resources.js';
import type { PlacementRequest } from '../../../../../src/runtime/placement/placement.js';
import { candidate, check, request } from '../fixtures.js';

const offering = (...ports: PortRange[]) => candidate(1, { resources: { cpus: 8, mem: 4096, disk: 0, ports } });

describe('ports stage', () => {
  const cases: Array<[string, Partial<PlacementRequest>, PortRange[], string | undefined]> = [
    ['fits portCount ports spread over several ranges', { portCount: 3 }, [[80, 80], [8000, 8001]], undefined],
    ['refuses fewer free ports than portCount', { portCount: 3 }, [[8000, 8001]], 'insufficient ports (needs 3, free 2)'],
    ['refuses any port on an offer without ports', { portCount: 1 }, [], 'insufficient ports (needs 1, free 0)'],
    ['fits requirePorts when every one is free', { fixedPorts: [80, 8001] }, [[80, 80], [8000, 8001]], undefined],
    ['refuses requirePorts when one is not offered, naming it', { fixedPorts: [80, 443] }, [[80, 100]], 'insufficient ports (needs host ports 80, 443; not free: 443)'],
    ['refuses requirePorts even with enough other ports free', { fixedPorts: [8080], portCount: 1 }, [[31000, 32000]], 'insufficient ports (needs host port 8080; not free: 8080)'],
  ];
  for (const [title, req, ports, message] of cases) {
    it(title, () => {
      const rejection = check(portsStage, request(req), offering(...ports));
      assert.equal(rejection?.message, message);
      if (rejection) assert.equal(rejection.reason, 'InsufficientPorts');
    });
  }

  it('has nothing to check for a request without ports', () => {
    assert.equal(portsStage.bind(request({ portCount: 0 }), undefined as never, () => []), undefined);
  });
});
