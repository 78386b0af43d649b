import assert from 'node:assert/strict';
import { rolesStage } from '../../../../../src/runtime/placement/feasible/roles.js';
import { candidate, check, request } from '../fixtures.js';

describe('roles stage', () => {
  const cases: Array<[string, string[], string, string | undefined]> = [
    ['fits an unreserved offer for an app accepting *', ['*'], '*', undefined],
    ['fits a public agent for an app accepting slave_public', ['slave_public'], 'slave_public', undefined],
    ['fits any of several accepted roles', ['*', 'slave_public'], 'slave_public', undefined],
    ['refuses a public agent for an app accepting *', ['*'], 'slave_public', 'offers role slave_public; the app accepts *'],
    ['refuses an unreserved offer for a public-only app', ['slave_public'], '*', 'offers role *; the app accepts slave_public'],
    ['refuses everything for an app accepting no role', [], '*', 'offers role *; the app accepts no role'],
  ];
  for (const [title, acceptedRoles, role, message] of cases) {
    it(title, () => {
      const rejection = check(rolesStage, request({ acceptedRoles }), candidate(1, { role }));
      assert.equal(rejection?.message, message);
      if (rejection) assert.deepEqual([rejection.reason, rejection.cause], ['UnfulfilledRole', message]);
    });
  }
});
