import assert from 'node:assert/strict';
import { ManualClock } from '../../../../src/core/clock.js';
import type { Resources } from '../../../../src/core/resources.js';
import { HierarchicalAllocator } from '../../../../src/runtime/allocator/hierarchical-allocator.js';

const res = (cpus: number, mem: number, ports: Array<[number, number]> = []): Resources => ({ cpus, mem, disk: 0, ports });

interface Made { framework: string; agent: string; resources: Resources }

function setup(opts: { intervalMs?: number } = {}) {
  const clock = new ManualClock();
  const offers: Made[] = [];
  const allocator = new HierarchicalAllocator((framework, agent, resources) => offers.push({ framework, agent, resources }), {
    clock, allocationIntervalMs: opts.intervalMs ?? 1000, random: () => 0,
  });
  return { clock, offers, allocator };
}

describe('HierarchicalAllocator', () => {
  it('offers all free resources of a new agent to a subscribed framework', () => {
    const { clock, offers, allocator } = setup();
    allocator.addFramework('fw1', '*');
    allocator.addAgent('a1', res(2, 1024, [[31000, 31010]]));
    clock.advance(0);
    assert.deepEqual(offers, [{ framework: 'fw1', agent: 'a1', resources: res(2, 1024, [[31000, 31010]]) }]);
  });

  it('does not offer resources that are already held by an outstanding offer', () => {
    const { clock, offers, allocator } = setup();
    allocator.addFramework('fw1', '*');
    allocator.addAgent('a1', res(2, 1024));
    clock.advance(0);
    clock.advance(5000);
    assert.equal(offers.length, 1);
  });

  it('keeps declined resources from the framework until the refusal expires', () => {
    const { clock, offers, allocator } = setup();
    allocator.addFramework('fw1', '*');
    allocator.addAgent('a1', res(2, 1024));
    clock.advance(0);
    allocator.recoverResources('fw1', 'a1', offers[0].resources, { refuseSeconds: 10 });
    clock.advance(9_000);
    assert.equal(offers.length, 1);
    clock.advance(2_000);
    assert.equal(offers.length, 2);
  });

  it('offers again at once when more resources free up than were refused', () => {
    const { clock, offers, allocator } = setup();
    allocator.addFramework('fw1', '*');
    allocator.addAgent('a1', res(4, 1024));
    clock.advance(0);
    // The framework launches a task on 1 cpu and refuses the rest for 120 s.
    allocator.recoverResources('fw1', 'a1', res(3, 1024), { refuseSeconds: 120 });
    clock.advance(0);
    assert.equal(offers.length, 1);
    // The task ends: 4 cpus are free, which is more than what was refused.
    allocator.recoverResources('fw1', 'a1', res(1, 0), { refuseSeconds: 0 });
    clock.advance(0);
    assert.equal(offers.length, 2);
    assert.deepEqual(offers[1].resources, res(4, 1024));
  });

  it('clears every refusal of a framework when it revives', () => {
    const { clock, offers, allocator } = setup();
    allocator.addFramework('fw1', '*');
    allocator.addAgent('a1', res(2, 1024));
    clock.advance(0);
    allocator.recoverResources('fw1', 'a1', offers[0].resources, { refuseSeconds: 3600 });
    clock.advance(0);
    allocator.revive('fw1');
    clock.advance(0);
    assert.equal(offers.length, 2);
  });

  it('makes no offers to a suppressed framework', () => {
    const { clock, offers, allocator } = setup();
    allocator.addFramework('fw1', '*');
    allocator.suppress('fw1');
    allocator.addAgent('a1', res(2, 1024));
    clock.advance(10_000);
    assert.equal(offers.length, 0);
  });

  it('offers the next agent to the role furthest below its fair share', () => {
    const { clock, offers, allocator } = setup();
    allocator.addFramework('big', 'analytics');
    allocator.addFramework('small', 'web');
    allocator.addAgent('a1', res(8, 8192));
    allocator.addAgent('a2', res(8, 8192));
    allocator.setAgentActive('a2', false);
    clock.advance(0);
    assert.equal(offers.length, 1);
    const first = offers[0].framework;
    allocator.setAgentActive('a2', true);
    clock.advance(0);
    assert.equal(offers.length, 2);
    assert.notEqual(offers[1].framework, first, 'the framework holding nothing gets the second agent');
  });

  it('charges resources of running tasks re-learned after a restart', () => {
    const { clock, offers, allocator } = setup();
    allocator.addAgent('a1', res(4, 4096), new Map([['fw1', res(3, 1024)]]));
    allocator.addFramework('fw1', '*');
    clock.advance(0);
    assert.deepEqual(offers[0].resources, res(1, 3072));
  });

  it('offers nothing on an inactive agent and resumes when it is active again', () => {
    const { clock, offers, allocator } = setup();
    allocator.addFramework('fw1', '*');
    allocator.addAgent('a1', res(2, 1024));
    allocator.setAgentActive('a1', false);
    clock.advance(5000);
    assert.equal(offers.length, 0);
    allocator.setAgentActive('a1', true);
    clock.advance(0);
    assert.equal(offers.length, 1);
  });

  it('stops offering an agent once it is removed', () => {
    const { clock, offers, allocator } = setup();
    allocator.addFramework('fw1', '*');
    allocator.addAgent('a1', res(2, 1024));
    allocator.removeAgent('a1');
    clock.advance(5000);
    assert.equal(offers.length, 0);
  });
});
