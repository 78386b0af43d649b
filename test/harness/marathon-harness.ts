import { pino, type Logger } from 'pino';
import { ManualClock } from '../../src/core/clock.js';
import type { Resources } from '../../src/core/resources.js';
import { LocalEventBus } from '../../src/runtime/marathon/events/event-bus.js';
import type { EventOf, MarathonEvent } from '../../src/runtime/marathon/events/marathon-events.js';
import type { HttpProbe } from '../../src/runtime/marathon/health/readiness-checker.js';
import { createMarathon, type Marathon } from '../../src/runtime/marathon/marathon.js';
import { StagedPlacementStack } from '../../src/runtime/placement/placement-stack.js';
import type { PlacementStack } from '../../src/runtime/placement/placement.js';
import { SqliteStateStore } from '../../src/runtime/state/sqlite-store.js';
import type { StateStore } from '../../src/runtime/state/state-store.js';
import { RecordingMaster } from './recording-master.js';

/** An agent offer big enough for most tests. */
export const BIG: Resources = { cpus: 8, mem: 16384, disk: 10000, ports: [[31000, 31999]] };

export interface MarathonHarnessOptions {
  clock?: ManualClock;
  store?: StateStore;
  log?: Logger;
  placement?: PlacementStack;
  readinessProbe?: HttpProbe;
  /** Start the scheduler on the recording master (default true). */
  start?: boolean;
}

/**
 * The services scheduler as the master composes it (real SQLite in memory, the injected
 * clock, one event bus) on a RecordingMaster, with every published event recorded.
 */
export async function marathonHarness(o: MarathonHarnessOptions = {}) {
  const clock = o.clock ?? new ManualClock();
  const store = o.store ?? new SqliteStateStore(':memory:');
  const bus = new LocalEventBus((err) => { throw err; });
  const events: MarathonEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const marathon: Marathon = await createMarathon({
    clock, log: o.log ?? pino({ level: 'silent' }), store, bus, placement: o.placement ?? new StagedPlacementStack(), random: () => 0,
    readinessProbe: o.readinessProbe,
    info: () => ({ leader: '127.0.0.1:5050', version: 'test', masterUrl: 'http://127.0.0.1:5050', httpPort: 5050 }),
  });
  const master = new RecordingMaster();
  if (o.start !== false) marathon.start(master);
  const { api, state, scheduler } = marathon;
  return {
    clock, store, bus, events, marathon, master, state, scheduler,
    apps: api.apps, groups: api.groups, deployer: api.deployer, read: api.read,
    /** Lets the scheduler's batched work (a microtask after each change) and the store's promises run. */
    settle: () => new Promise<void>((r) => setImmediate(r)),
    eventsOf: <T extends MarathonEvent['eventType']>(type: T) => events.filter((e) => e.eventType === type) as Array<EventOf<T>>,
  };
}

export type MarathonHarness = Awaited<ReturnType<typeof marathonHarness>>;

export async function rejection(p: Promise<unknown>): Promise<Error & { status?: number; details?: Array<{ path: string; errors: string[] }>; extra?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}
