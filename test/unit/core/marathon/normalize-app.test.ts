import assert from 'node:assert/strict';
import { normalizeAppDefinition } from '../../../../src/core/marathon/normalize-app.js';
import { validateAppDefinition } from '../../../../src/core/marathon/validation/validate-app.js';
import { VALID_DEFINITIONS } from './app-fixtures.js';

describe('normalizeAppDefinition', () => {
  for (const { feature, raw, normalized } of VALID_DEFINITIONS) {
    describe(feature, () => {
      it('validates', () => {
        assert.deepEqual(validateAppDefinition(raw), []);
      });

      it('normalizes to the full definition, with Marathon\'s defaults and legacy forms resolved', () => {
        assert.deepEqual(normalizeAppDefinition(raw), normalized);
      });

      it('round-trips: the normalized definition validates again and normalizes to itself (GET → PUT)', () => {
        const once = normalizeAppDefinition(raw);
        const sent = JSON.parse(JSON.stringify(once));
        assert.deepEqual(validateAppDefinition(sent), []);
        assert.deepEqual(normalizeAppDefinition(sent), once, 'normalizing twice changes nothing');
      });
    });
  }

  it('does not share arrays or objects with the raw definition', () => {
    const raw = { id: '/web', cmd: 'x', env: { A: '1' }, args: undefined, labels: { l: 'v' }, portDefinitions: [{ port: 0, labels: { a: 'b' } }] };
    const app = normalizeAppDefinition(raw);
    app.env.B = '2';
    app.labels.m = 'w';
    app.portDefinitions[0].labels.c = 'd';
    assert.deepEqual(raw, { id: '/web', cmd: 'x', env: { A: '1' }, args: undefined, labels: { l: 'v' }, portDefinitions: [{ port: 0, labels: { a: 'b' } }] });
  });
});
