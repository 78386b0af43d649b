import assert from 'node:assert/strict';
import { validateAppDefinition } from '../../../../src/core/marathon/validation/validate-app.js';
import { app } from './app-fixtures.js';
import { INVALID_CASES as CASES } from './invalid-cases.js';

describe('validateAppDefinition: invalid definitions', () => {
  for (const [family, cases] of Object.entries(CASES)) {
    describe(family, () => {
      for (const [what, over, path, message] of cases) {
        it(`refuses ${what} at ${path}`, () => {
          const details = validateAppDefinition(app(over));
          const errors = details.find((d) => d.path === path)?.errors ?? [];
          assert.ok(errors.some((e) => e.includes(message)), `expected "${message}" at ${path}, got ${JSON.stringify(details)}`);
        });
      }
    });
  }

  it('has at least 70 cases, in every family of fields', () => {
    assert.ok(Object.values(CASES).flat().length >= 70);
  });
});
