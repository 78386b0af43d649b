import assert from 'node:assert/strict';
import { RequestContext } from '../../../../src/runtime/placement/request-context.js';
import { instanceOn, request, seeded } from './fixtures.js';

describe('RequestContext', () => {
  it('counts the existing instances per agent and per value', () => {
    const ctx = new RequestContext(request({ existing: [instanceOn(1, { rack: 'r1' }), instanceOn(1, { rack: 'r1' }), instanceOn(2, { rack: '2.0' })] }));
    assert.equal(ctx.countOnAgent('agent-1'), 2);
    assert.equal(ctx.countWithValue('rack', 'r1'), 2);
    assert.equal(ctx.countWithValue('hostname', '10.0.0.2'), 1);
    assert.deepEqual([...ctx.valueCounts('rack')], [['r1', 2], ['2', 1]]);
  });

  it('counts what the pass records, for fields asked about before and after', () => {
    const ctx = new RequestContext(request());
    assert.equal(ctx.countWithValue('rack', 'r1'), 0);
    ctx.record('agent-1', { hostname: 'h1', attributes: { rack: 'r1' } });
    ctx.record('agent-2', { hostname: 'h2', attributes: { rack: 'r1' } });
    assert.equal(ctx.countWithValue('rack', 'r1'), 2);
    assert.equal(ctx.countWithValue('@hostname', 'h2'), 1);
    assert.equal(ctx.countOnAgent('agent-2'), 1);
  });

  it('keeps the instances beyond a per-value bound as it would count them afresh', () => {
    const random = seeded(3);
    const ctx = new RequestContext(request());
    const counts = new Map<string, number>();
    for (let k = 0; k < 200; k++) {
      const rack = `r${Math.floor(random() * 7)}`;
      ctx.record(`agent-${k}`, { hostname: `h${k}`, attributes: { rack } });
      counts.set(rack, (counts.get(rack) ?? 0) + 1);
      for (const perValue of [0, 20, 30]) {
        const afresh = [...counts.values()].reduce((n, c) => n + Math.max(0, c - perValue), 0);
        assert.equal(ctx.instancesBeyond('rack', perValue), afresh);
      }
    }
  });
});
