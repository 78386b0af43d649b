import assert from 'node:assert/strict';
import { portsToRanges } from '../../../../src/core/resources.js';
import { pickPorts, withoutPorts } from '../../../../src/runtime/placement/pick-ports.js';

describe('host ports', () => {
  it('picks distinct ports from a random place in the ranges, wrapping around', () => {
    assert.deepEqual(pickPorts([[100, 101], [200, 201]], 3, () => 0.5), [200, 201, 100]);
    assert.deepEqual(pickPorts([[100, 101], [200, 201]], 2, () => 0), [100, 101]);
  });

  it('picks nothing from ranges too small', () => {
    assert.equal(pickPorts([[100, 101]], 3, () => 0), undefined);
    assert.deepEqual(pickPorts([], 0, () => 0), []);
  });

  it('takes ports out of ranges, splitting them and keeping them normalized', () => {
    assert.deepEqual(withoutPorts([[100, 105], [200, 200]], [100, 103, 200]), [[101, 102], [104, 105]]);
    assert.deepEqual(withoutPorts([[100, 105]], [105]), [[100, 104]]);
  });

  it('gives the chosen ports as ranges', () => {
    assert.deepEqual(portsToRanges([31005, 31000, 31001]), [[31000, 31001], [31005, 31005]]);
    assert.deepEqual(portsToRanges([80]), [[80, 80]]);
  });
});
