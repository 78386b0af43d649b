import assert from 'node:assert/strict';
import {
  addResources, containsResources, countPorts, normalizeRanges, subtractResources, type Resources,
} from '../../../src/core/resources.js';

const r = (cpus: number, mem: number, ports: Array<[number, number]> = []): Resources => ({ cpus, mem, disk: 0, ports });

describe('resources', () => {
  it('merges overlapping and adjacent port ranges', () => {
    assert.deepEqual(normalizeRanges([[5, 7], [1, 2], [3, 4], [10, 12], [11, 20]]), [[1, 7], [10, 20]]);
  });

  it('subtracts ports by splitting ranges', () => {
    assert.deepEqual(subtractResources(r(2, 100, [[31000, 31010]]), r(1, 50, [[31003, 31004]])), r(1, 50, [[31000, 31002], [31005, 31010]]));
  });

  it('never goes below zero when subtracting scalars', () => {
    assert.equal(subtractResources(r(1, 10), r(2, 20)).cpus, 0);
  });

  it('adds without float noise, so 0.1 + 0.2 fits in 0.3', () => {
    const sum = addResources(r(0.1, 0), r(0.2, 0));
    assert.equal(sum.cpus, 0.3);
    assert.ok(containsResources(r(0.3, 0), sum));
  });

  it('needs every port and enough of every scalar to contain', () => {
    assert.ok(containsResources(r(2, 100, [[1, 10]]), r(1, 100, [[3, 4]])));
    assert.ok(!containsResources(r(2, 100, [[1, 10]]), r(1, 100, [[10, 11]])));
    assert.ok(!containsResources(r(2, 100), r(2, 101)));
  });

  it('counts the ports of inclusive ranges', () => {
    assert.equal(countPorts([[1, 2], [5, 5]]), 3);
  });
});
