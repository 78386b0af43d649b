import assert from 'node:assert/strict';
import { ManualClock } from '../../../../src/core/clock.js';
import type { RegisterAgentRequest, RegisterAgentResponse } from '../../../../src/api/master-types.js';
import { Backoff } from '../../../../src/core/backoff.js';
import { MasterLink, type MasterProtocol } from '../../../../src/runtime/agent/master-link.js';
import { silentLogger } from './helpers.js';

/** Lets pending promise callbacks run. */
const settle = () => new Promise((r) => setImmediate(r));

/** An in-memory master: `down` makes every call fail as if unreachable. */
class ScriptedMaster implements MasterProtocol {
  down = false;
  known = true;
  registerTimes: number[] = [];
  heartbeatTimes: number[] = [];
  constructor(private readonly clock: ManualClock) {}

  async register(req: RegisterAgentRequest): Promise<RegisterAgentResponse> {
    this.registerTimes.push(this.clock.now());
    if (this.down) throw new Error('connect ECONNREFUSED');
    this.known = true;
    return { agentId: req.agentId, masterId: 'm', heartbeatIntervalMs: 1_000 };
  }

  async heartbeat(): Promise<boolean> {
    this.heartbeatTimes.push(this.clock.now());
    if (this.down) throw new Error('connect ECONNREFUSED');
    return this.known;
  }
}

describe('MasterLink', () => {
  let clock: ManualClock;
  let master: ScriptedMaster;
  let events: string[];
  let link: MasterLink;

  const advance = async (ms: number) => {
    for (let t = 0; t < ms; t += 50) {
      clock.advance(Math.min(50, ms - t));
      await settle();
    }
  };

  beforeEach(() => {
    clock = new ManualClock(0);
    master = new ScriptedMaster(clock);
    events = [];
    link = new MasterLink({
      master, clock, logger: silentLogger, agentId: () => 'a-S0',
      registration: () => ({ agentId: 'a-S0', hostname: 'h', port: 1, resources: { cpus: 1, mem: 1, disk: 1, ports: [] }, attributes: {}, version: 'v', tasks: [] }),
      onRegistered: () => events.push('registered'),
      onUnregistered: () => events.push('unregistered'),
      backoff: new Backoff(100, 2_000, () => 0.5),
    });
  });
  afterEach(() => link.stop());

  it('retries registration with a growing delay, capped at 2 s, while the master is down', async () => {
    master.down = true;
    link.start();
    await settle();
    await advance(10_000);
    const gaps = master.registerTimes.slice(1).map((t, i) => t - master.registerTimes[i]);
    assert.deepEqual(gaps.slice(0, 7), [100, 200, 400, 800, 1600, 2000, 2000]);
    assert.equal(link.registered, false);

    master.down = false;
    await advance(2_000);
    assert.equal(link.registered, true);
    assert.deepEqual(events, ['registered']);
  });

  it('heartbeats at the interval the master asked for', async () => {
    link.start();
    await settle();
    await advance(3_000);
    assert.deepEqual(master.heartbeatTimes, [1_000, 2_000, 3_000]);
  });

  it('registers again as soon as a heartbeat says the master does not know the agent', async () => {
    link.start();
    await settle();
    master.known = false;
    await advance(1_000);
    assert.deepEqual(events, ['registered', 'unregistered', 'registered']);
    assert.deepEqual(master.registerTimes, [0, 1_000]);
  });

  it('stays registered and keeps heartbeating while the master is unreachable', async () => {
    link.start();
    await settle();
    master.down = true;
    await advance(3_000);
    assert.equal(link.registered, true);
    assert.deepEqual(master.heartbeatTimes, [1_000, 2_000, 3_000]);
    assert.deepEqual(events, ['registered']);
  });
});
