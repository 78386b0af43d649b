import assert from 'node:assert/strict';
import { DrfSorter } from '../../../../src/runtime/allocator/drf-sorter.js';

const r = (cpus: number, mem: number) => ({ cpus, mem, disk: 0, ports: [] });

describe('DrfSorter', () => {
  it('puts the client furthest below its dominant share first', () => {
    const sorter = new DrfSorter();
    sorter.setTotal(r(10, 1000));
    sorter.add('a');
    sorter.add('b');
    sorter.allocated('a', r(1, 600)); // dominant: mem 0.6
    sorter.allocated('b', r(4, 100)); // dominant: cpus 0.4
    assert.deepEqual(sorter.sort(), ['b', 'a']);
  });

  it('divides shares by weight, so a heavier role may hold more before it yields', () => {
    const sorter = new DrfSorter();
    sorter.setTotal(r(10, 1000));
    sorter.add('heavy', 3);
    sorter.add('light', 1);
    sorter.allocated('heavy', r(6, 0)); // 0.6 / 3 = 0.2
    sorter.allocated('light', r(3, 0)); // 0.3 / 1 = 0.3
    assert.deepEqual(sorter.sort(), ['heavy', 'light']);
    assert.equal(sorter.share('heavy').toFixed(2), '0.20');
  });

  it('breaks ties by name so the order is deterministic', () => {
    const sorter = new DrfSorter();
    sorter.setTotal(r(10, 1000));
    for (const c of ['c', 'a', 'b']) sorter.add(c);
    assert.deepEqual(sorter.sort(), ['a', 'b', 'c']);
  });

  it('lowers a share again when resources are given back', () => {
    const sorter = new DrfSorter();
    sorter.setTotal(r(10, 1000));
    sorter.add('a');
    sorter.add('b');
    sorter.allocated('a', r(5, 0));
    sorter.allocated('b', r(2, 0));
    sorter.unallocated('a', r(4, 0));
    assert.deepEqual(sorter.sort(), ['a', 'b']);
  });

  it('rejects a weight that is not positive', () => {
    assert.throws(() => new DrfSorter().add('x', 0), /weight must be a positive number/);
  });
});
