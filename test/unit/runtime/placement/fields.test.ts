import assert from 'node:assert/strict';
import { fieldKey, formatIfScalar, readField } from '../../../../src/runtime/placement/fields.js';

describe('constraint fields', () => {
  it('reads hostname and @hostname as the hostname, @region and @zone as the attributes region and zone', () => {
    const agent = { hostname: 'h1', attributes: { region: 'eu', zone: 'a', rack: 'r1' } };
    assert.deepEqual(['hostname', '@hostname', '@region', '@zone', 'rack', 'gpu'].map((f) => readField(fieldKey(f), agent)), ['h1', 'h1', 'eu', 'a', 'r1', undefined]);
  });

  describe('formats values that read as Mesos scalars as Marathon does (DecimalFormat "0.###", half-even), as a JVM prints them', () => {
    const cases: Array<[string, string]> = [
      ['1', '1'], ['01', '1'], ['1.0', '1'], ['0.80', '0.8'], ['0.8001', '0.8'],
      ['1.0005', '1'], ['1.00051', '1.001'], ['1.1005', '1.101'], ['2.0005', '2.001'], ['0.0015', '0.002'],
      ['0.0625', '0.062'], ['0.1875', '0.188'], ['100.0625', '100.062'], ['1234567.5', '1234567.5'],
      ['12345678901234567890', '12345678901234567000'],
      ['rack-1', 'rack-1'], ['1.', '1.'], ['[1-2]', '[1-2]'], ['{a,b}', '{a,b}'], ['-1', '-1'],
    ];
    for (const [value, formatted] of cases) it(`"${value}" compares as "${formatted}"`, () => assert.equal(formatIfScalar(value), formatted));
  });
});
