import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ClusterPreflight from '../../../../src/commands/cluster/preflight.js';
import { CHECK_IDS, CROSS_HOST_CHECK_IDS, PREFLIGHT_CHECK_COUNT } from '../../../../src/provisioner/preflight/checks.js';
import { preflightTally } from '../../../../src/provisioner/preflight/preflight.js';
import { testSpec } from '../spec-fixture.js';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../../../${path}`, import.meta.url)), 'utf8');

/** Every place that states how many checks preflight runs states the number the code runs. */
describe('the number of preflight checks', () => {
  it('is every per-host check and every check across hosts', () => {
    assert.equal(PREFLIGHT_CHECK_COUNT, CHECK_IDS.length + CROSS_HOST_CHECK_IDS.length);
    assert.equal(new Set([...CHECK_IDS, ...CROSS_HOST_CHECK_IDS]).size, PREFLIGHT_CHECK_COUNT, 'ids are unique');
  });

  it('is the number the README and the architecture notes give', () => {
    for (const doc of ['README.md', 'docs/architecture.md']) {
      const stated = [...read(doc).matchAll(/(\d+) checks/g)].map((m) => Number(m[1]));
      assert.ok(stated.length > 0, `${doc} states the number of checks`);
      assert.deepEqual(stated, stated.map(() => PREFLIGHT_CHECK_COUNT), `${doc} says ${stated.join(', ')} checks`);
    }
  });

  it('is the number `dcos cluster preflight --help` gives', () => {
    assert.match(ClusterPreflight.description ?? '', new RegExp(`runs all ${PREFLIGHT_CHECK_COUNT} checks on each`));
  });

  it('is the total of the tally `cluster up` shows per host, warnings named', () => {
    const node = testSpec().agents[0];
    const results = [...CHECK_IDS, ...CROSS_HOST_CHECK_IDS].map((id) => ({
      id, title: id, status: id.startsWith('hostname') ? 'warn' as const : 'pass' as const, detail: 'x',
    }));
    assert.equal(preflightTally({ node, results }), `${PREFLIGHT_CHECK_COUNT} checks: ${PREFLIGHT_CHECK_COUNT - 2} passed, 2 warnings (hostname-resolves, hostname-unique)`);
  });
});
