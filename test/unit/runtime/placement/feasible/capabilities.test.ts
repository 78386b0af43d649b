import assert from 'node:assert/strict';
import { capabilitiesStage } from '../../../../../src/runtime/placement/feasible/capabilities.js';
import { candidate, check, request } from '../fixtures.js';

describe('capabilities stage', () => {
  const cases: Array<[string, string[], string[], string | undefined]> = [
    ['fits an agent advertising every capability needed', ['fetcher'], ['fetcher', 'containers'], undefined],
    ['refuses an agent without the fetcher', ['fetcher'], ['containers'], 'agent has no fetcher'],
    ['names every capability missing', ['fetcher', 'containers', 'gpus'], ['containers'], 'agent has no fetcher, gpus'],
  ];
  for (const [title, needed, has, message] of cases) {
    it(title, () => {
      const rejection = check(capabilitiesStage, request({ capabilities: needed }), candidate(1, { capabilities: new Set(has) }));
      assert.equal(rejection?.message, message);
      if (rejection) assert.equal(rejection.reason, 'MissingCapability');
    });
  }

  it('has nothing to check for a request needing no capability', () => {
    assert.equal(capabilitiesStage.bind(request(), undefined as never, () => []), undefined);
  });
});
