import assert from 'node:assert/strict';
import { parseProperties } from '../../../src/cli/input.js';
import { isDcosError } from '../../../src/cli/errors.js';
import { ErrorCodes } from '../../../src/core/errors.js';

describe('key=value properties (app update, group update)', () => {
  const cases: Array<[string, unknown]> = [
    ['instances=3', 3],
    ['cpus=0.5', 0.5],
    ['requirePorts=true', true],
    ['user=null', null],
    ['env={"A":"b"}', { A: 'b' }],
    ['healthChecks=[]', []],
    ['cmd=sleep 10', 'sleep 10'],
    ['cmd="sleep 10"', 'sleep 10'],
    ["cmd='sleep 10'", 'sleep 10'],
    [`env='{"A":"b"}'`, { A: 'b' }],
    ["mem='512'", 512],
    ['cmd=a=b', 'a=b'],
    ['cmd=', ''],
    ['label="', '"'],
    ['version=2025-01-02T03:04:05.000Z', '2025-01-02T03:04:05.000Z'],
  ];
  for (const [property, value] of cases) {
    it(`reads ${property} as ${JSON.stringify(value)}`, () => {
      const key = property.slice(0, property.indexOf('='));
      assert.deepEqual(parseProperties([property]), { [key]: value });
    });
  }

  it('reads the key up to the first "=", without quotes around it, and gathers every property in one object', () => {
    assert.deepEqual(parseProperties(['"instances"=2', 'cmd=x=1']), { instances: 2, cmd: 'x=1' });
  });

  const refused: Array<[string[], string]> = [
    [['instances'], '"instances" is not a property: give key=value, e.g. instances=3'],
    [['=3'], '"=3" is not a property: give key=value, e.g. instances=3'],
    [['cpus=1', 'cpus=2'], 'property cpus is given more than once'],
  ];
  for (const [properties, message] of refused) {
    it(`refuses ${properties.join(' ')} as a usage error: ${message}`, () => {
      assert.throws(() => parseProperties(properties), (err) => isDcosError(err, ErrorCodes.BAD_REQUEST) && err.message === message);
    });
  }
});
