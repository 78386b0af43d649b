import assert from 'node:assert/strict';
import type { Candidate, Placement, PlacementRequest, PlacementResult } from '../../../../src/runtime/placement/placement.js';
import { StagedPlacementStack } from '../../../../src/runtime/placement/placement-stack.js';
import { candidate, instanceOn, request, seeded } from './fixtures.js';

const stack = new StagedPlacementStack();
const place = (requests: PlacementRequest[], candidates: Candidate[], seed = 1): PlacementResult => stack.place(requests, candidates, seeded(seed));
const agents = (count: number, overrides: (n: number) => Partial<Candidate> = () => ({})) =>
  Array.from({ length: count }, (_, i) => candidate(i + 1, overrides(i + 1)));
const countBy = (placements: Placement[], of: (p: Placement) => string) =>
  placements.reduce<Record<string, number>>((m, p) => ({ ...m, [of(p)]: (m[of(p)] ?? 0) + 1 }), {});

describe('StagedPlacementStack', () => {
  it('places requests in the order given: the first takes what both want', () => {
    const [only] = agents(1, () => ({ resources: { cpus: 2, mem: 4096, disk: 0, ports: [] } }));
    const { placements, outcomes } = place([request({ key: '/first', count: 2 }), request({ key: '/second', count: 1 })], [only]);
    assert.deepEqual(placements.map((p) => p.key), ['/first', '/first']);
    assert.equal(outcomes.get('/second')?.explanation, '1 agent: insufficient cpus (needs 1, largest free 0)');
  });

  it('never gives an offer more than it holds, scalars or ports, over many requests', () => {
    const random = seeded(9);
    const offers = agents(5, (n) => ({ resources: { cpus: 2 + n, mem: 1024 * n, disk: 500, ports: [[31000, 31000 + n * 2]] } }));
    const requests = Array.from({ length: 12 }, (_, k) => request({
      key: `/app-${k}`, count: 1 + Math.floor(random() * 6), cpus: 0.5 + Math.floor(random() * 4) / 2, mem: 128 * (1 + Math.floor(random() * 8)),
      disk: 50, portCount: Math.floor(random() * 3), ...(k % 5 === 4 ? { fixedPorts: [31000] } : {}),
    }));
    const { placements } = place(requests, offers);
    assert.ok(placements.length > 10, `only ${placements.length} placed`);
    for (const offer of offers) {
      const on = placements.filter((p) => p.offerId === offer.offerId);
      const sum = (f: (p: Placement) => number) => on.reduce((n, p) => n + f(p), 0);
      assert.ok(sum((p) => p.resources.cpus) <= offer.resources.cpus + 1e-6, `${offer.offerId} cpus`);
      assert.ok(sum((p) => p.resources.mem) <= offer.resources.mem, `${offer.offerId} mem`);
      assert.ok(sum((p) => p.resources.disk) <= offer.resources.disk, `${offer.offerId} disk`);
      const ports = on.flatMap((p) => p.ports);
      assert.equal(new Set(ports).size, ports.length, `${offer.offerId} gives a port twice`);
      const [[begin, end]] = offer.resources.ports;
      assert.ok(ports.every((p) => p >= begin && p <= end), `${offer.offerId} gives a port it does not hold`);
    }
  });

  it('gives each placement its exact resources, the chosen ports as ranges', () => {
    const [agent] = agents(1);
    const { placements: [p] } = place([request({ cpus: 0.5, mem: 64, disk: 10, portCount: 1 })], [agent]);
    assert.deepEqual(p.resources, { cpus: 0.5, mem: 64, disk: 10, ports: [[p.ports[0], p.ports[0]]] });
    assert.ok(p.ports[0] >= 31000 && p.ports[0] <= 31009);
    assert.deepEqual([p.offerId, p.agentId, p.hostname, p.gpus], ['offer-1', 'agent-1', '10.0.0.1', 0]);
  });

  it('with requirePorts, places each host port once per agent', () => {
    const { placements, outcomes } = place([request({ count: 2, fixedPorts: [31005], portCount: 1 })], agents(1));
    assert.deepEqual(placements.map((p) => p.ports), [[31005]]);
    assert.equal(outcomes.get('/app')?.explanation, '1 agent: insufficient ports (needs host port 31005)');
  });

  it('with hostname UNIQUE, places 3 instances on 2 agents as 2 and explains the third', () => {
    const { placements, outcomes } = place([request({ count: 3, constraints: [['hostname', 'UNIQUE']] })], agents(2));
    assert.deepEqual(placements.map((p) => p.agentId).sort(), ['agent-1', 'agent-2']);
    const outcome = outcomes.get('/app');
    assert.deepEqual([outcome?.wanted, outcome?.placed, outcome?.processed], [3, 2, 2]);
    assert.equal(outcome?.explanation, '2 agents: hostname UNIQUE (already runs there)');
    assert.deepEqual(outcome?.refused.map((r) => r.took), [1, 1], 'both agents took an instance, then refused another');
  });

  it('counts existing instances: UNIQUE avoids the agent that already runs one', () => {
    const { placements } = place([request({ count: 1, constraints: [['hostname', 'UNIQUE']], existing: [instanceOn(1)] })], agents(2));
    assert.deepEqual(placements.map((p) => p.agentId), ['agent-2']);
  });

  it('with GROUP_BY, spreads evenly over the attribute values, however many agents each has', () => {
    const racks = agents(6, (n) => ({ attributes: { rack: n <= 4 ? 'r0' : `r${n - 4}` } }));
    const { placements } = place([request({ count: 9, constraints: [['rack', 'GROUP_BY']] })], racks);
    assert.deepEqual(countBy(placements, (p) => racks.find((c) => c.agentId === p.agentId)!.attributes.rack), { r0: 3, r1: 3, r2: 3 });
  });

  it('with GROUP_BY, evens out what existing instances left uneven', () => {
    const racks = agents(4, (n) => ({ attributes: { rack: `r${n % 2}` } }));
    const existing = [instanceOn(2, { rack: 'r0' }), instanceOn(2, { rack: 'r0' }), instanceOn(2, { rack: 'r0' })];
    const { placements } = place([request({ count: 3, constraints: [['rack', 'GROUP_BY']], existing })], racks);
    assert.deepEqual(countBy(placements, (p) => racks.find((c) => c.agentId === p.agentId)!.attributes.rack), { r1: 3 });
  });

  it('with MAX_PER, stops at the limit and says so', () => {
    const racks = agents(6, (n) => ({ attributes: { rack: `r${n % 2}` } }));
    const { placements, outcomes } = place([request({ count: 10, constraints: [['rack', 'MAX_PER', '2']] })], racks);
    assert.equal(placements.length, 4);
    assert.equal(outcomes.get('/app')?.explanation, '6 agents: rack MAX_PER 2 (reached)');
  });

  it('with CLUSTER and no value, puts every instance where the first went', () => {
    const racks = agents(6, (n) => ({ attributes: { rack: `r${n % 3}` } }));
    const { placements } = place([request({ count: 4, constraints: [['rack', 'CLUSTER']] })], racks);
    const onRacks = new Set(placements.map((p) => racks.find((c) => c.agentId === p.agentId)!.attributes.rack));
    assert.deepEqual([placements.length, onRacks.size], [4, 1]);
  });

  describe('explanations', () => {
    const mixed = () => [
      candidate(1, { role: 'slave_public', capabilities: new Set(['fetcher']) }),
      candidate(2, { capabilities: new Set() }),
      candidate(3, { capabilities: new Set(['fetcher']), resources: { cpus: 8, mem: 256, disk: 0, ports: [] } }),
      candidate(4, { capabilities: new Set(['fetcher']), resources: { cpus: 8, mem: 128, disk: 0, ports: [] } }),
      candidate(5, { capabilities: new Set(['fetcher']) }),
    ];
    const wanting = request({ count: 2, mem: 512, capabilities: ['fetcher'], constraints: [['hostname', 'UNIQUE']] });

    it('counts agents by cause, in stack order, naming the numbers', () => {
      const outcome = place([wanting], mixed()).outcomes.get('/app');
      assert.equal(outcome?.placed, 1);
      assert.equal(outcome?.explanation, [
        '1 agent: offers role slave_public; the app accepts *',
        '1 agent: agent has no fetcher',
        '2 agents: insufficient mem (needs 512, largest free 256)',
        '1 agent: hostname UNIQUE (already runs there)',
      ].join('; '));
    });

    it('summarizes as Marathon\'s rejectSummaryLastOffers: every reason, declined and processed, in stack order', () => {
      const outcome = place([wanting], mixed()).outcomes.get('/app');
      assert.deepEqual(outcome?.summary.map(({ reason, declined, processed }) => [reason, declined, processed]), [
        ['UnfulfilledRole', 1, 5],
        ['MissingCapability', 1, 4],
        ['InsufficientCpus', 0, 3],
        ['InsufficientMemory', 2, 3],
        ['InsufficientDisk', 0, 1],
        ['InsufficientGpus', 0, 1],
        ['InsufficientPorts', 0, 1],
        ['UnfulfilledConstraint', 1, 1],
      ]);
      assert.equal(outcome?.summary[3].example, 'insufficient mem (needs 512, largest free 256)');
      assert.equal(outcome?.summary[2].example, undefined);
    });

    it('lists the agents that took nothing, each with its own message', () => {
      const outcome = place([wanting], mixed()).outcomes.get('/app');
      assert.deepEqual(outcome?.refused.filter((r) => r.took === 0).map((u) => [u.offerId, u.rejection.message]), [
        ['offer-1', 'offers role slave_public; the app accepts *'],
        ['offer-2', 'agent has no fetcher'],
        ['offer-3', 'insufficient mem (needs 512, free 256)'],
        ['offer-4', 'insufficient mem (needs 512, free 128)'],
      ]);
    });

    it('gives an outcome for every request: placed in full, wanting none, or without any offer', () => {
      const full = place([request({ key: '/full', count: 2 }), request({ key: '/none', count: 0 })], agents(2)).outcomes;
      assert.deepEqual([full.get('/full')?.placed, full.get('/full')?.explanation], [2, '']);
      assert.deepEqual([full.get('/none')?.placed, full.get('/none')?.explanation], [0, '']);
      const empty = place([request({ key: '/waits', count: 1 })], []).outcomes.get('/waits');
      assert.deepEqual([empty?.placed, empty?.processed, empty?.explanation], [0, 0, 'no agent offers resources']);
    });
  });

  it('is deterministic for an injected random: the same seed, the same placements', () => {
    const requests = [request({ key: '/a', count: 4, portCount: 2 }), request({ key: '/b', count: 3, portCount: 1, constraints: [['hostname', 'UNIQUE']] })];
    const first = place(requests, agents(4), 42).placements;
    assert.deepEqual(place(requests, agents(4), 42).placements, first);
    assert.notDeepEqual(place(requests, agents(4), 7).placements.map((p) => p.ports), first.map((p) => p.ports), 'ports come from the random');
  });
});
