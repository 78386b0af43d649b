import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../src/core/clock.js';
import { LaunchQueue, lastOffersSummary } from '../../../../../src/runtime/marathon/launch-queue/launch-queue.js';
import { StagedPlacementStack } from '../../../../../src/runtime/placement/placement-stack.js';
import type { Candidate, ExistingInstance } from '../../../../../src/runtime/placement/placement.js';
import { candidate, instanceOn, request, seeded } from '../../placement/fixtures.js';

describe('the launch queue tells why an app waits over every agent, not over the last pass', () => {
  const stack = new StagedPlacementStack();
  const unique = (count: number, existing: ExistingInstance[]) => request({ count, constraints: [['hostname', 'UNIQUE']], existing });
  const pass = (q: LaunchQueue, count: number, existing: ExistingInstance[], offers: Candidate[]) =>
    q.recordOutcome('/app', stack.place([unique(count, existing)], offers, seeded(1)).outcomes.get('/app')!);

  it("keeps each agent's last answer (Marathon's last unmatched offer per agent), so a pass that sees one agent does not hide the other", () => {
    const clock = new ManualClock(1_000);
    const q = new LaunchQueue(clock, () => {});
    pass(q, 1, [instanceOn(1), instanceOn(2)], [candidate(1), candidate(2)]);
    clock.advance(5_000);
    pass(q, 1, [instanceOn(1), instanceOn(2)], [candidate(2, { offerId: 'offer-2b' })]);
    const stats = q.offerStats('/app')!;
    const { summary, explanation } = lastOffersSummary(stats);
    assert.equal(explanation, '2 agents: hostname UNIQUE (already runs there)');
    assert.deepEqual(summary.find((r) => r.reason === 'UnfulfilledConstraint'), {
      reason: 'UnfulfilledConstraint', declined: 2, processed: 2, example: 'hostname UNIQUE (already runs there)',
    });
    assert.deepEqual([...stats.lastOffers.values()].map((o) => [o.offerId, o.at]), [['offer-1', 1_000], ['offer-2b', 6_000]]);
    assert.equal(stats.processedOffersCount, 3, 'every offer processed counts');
  });

  it('forgets the refusals once a pass places every instance left, and counts the agents that took one and then refused', () => {
    const q = new LaunchQueue(new ManualClock(0), () => {});
    pass(q, 1, [instanceOn(1)], [candidate(1), candidate(2, { resources: { cpus: 0, mem: 0, disk: 0, ports: [] } })]);
    assert.equal(q.offerStats('/app')!.lastOffers.size, 2);
    pass(q, 1, [instanceOn(1)], [candidate(3)]);
    assert.equal(q.offerStats('/app')!.lastOffers.size, 0, 'agent 3 took the last one: nothing refuses');
    pass(q, 2, [instanceOn(1)], [candidate(3)]);
    const [only] = q.offerStats('/app')!.lastOffers.values();
    assert.deepEqual([only.agentId, only.took, only.rejection.cause], ['agent-3', 1, 'hostname UNIQUE (already runs there)']);
  });
});
