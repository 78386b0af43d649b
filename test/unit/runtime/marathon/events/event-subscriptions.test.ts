import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../../../../../src/core/clock.js';
import { createServer } from '../../../../../src/runtime/http/server.js';
import type { DeliveryOptions } from '../../../../../src/runtime/marathon/events/delivery-queue.js';
import { LocalEventBus } from '../../../../../src/runtime/marathon/events/event-bus.js';
import { registerEventRoutes } from '../../../../../src/runtime/marathon/events/event-routes.js';
import { EventSubscriptions, SUBSCRIPTIONS_PREFIX } from '../../../../../src/runtime/marathon/events/event-subscriptions.js';
import type { MarathonEvent } from '../../../../../src/runtime/marathon/events/marathon-events.js';
import { SqliteStateStore } from '../../../../../src/runtime/state/sqlite-store.js';
import { eventually } from '../../../../harness/proc.js';
import { capturingLogger, HOST, listenOnHost, Receiver, type LogLine } from './helpers.js';

const TS = '2024-05-01T10:00:00.000Z';
const terminated = (appId: string): MarathonEvent => ({ eventType: 'app_terminated_event', appId, timestamp: TS });
/** No jitter: backoff waits are exactly 1 s, 2 s, 4 s… */
const exact: DeliveryOptions = { random: () => 0.5 };

/** Marathon's HTTP callbacks (/v2/eventSubscriptions of Marathon 1.4) with real receivers on loopback. */
describe('event subscriptions (HTTP callbacks)', () => {
  let clock: ManualClock;
  let bus: LocalEventBus;
  let store: SqliteStateStore;
  let lines: LogLine[];
  let subscriptions: EventSubscriptions;
  let receivers: Receiver[];
  let server: FastifyInstance | undefined;
  let dir: string | undefined;

  const setUp = async (delivery: DeliveryOptions = exact, storeFile = ':memory:') => {
    clock = new ManualClock();
    bus = new LocalEventBus();
    store = new SqliteStateStore(storeFile);
    const logger = capturingLogger();
    lines = logger.lines;
    subscriptions = new EventSubscriptions({ store, bus, clock, log: logger.log, delivery });
    await subscriptions.load();
    return logger.log;
  };
  const receiver = async (path = '/callback') => {
    const r = await Receiver.start(HOST, path);
    receivers.push(r);
    return r;
  };
  const deliveredTypes = (r: Receiver) => r.delivered().map((e) => e.eventType === 'app_terminated_event' ? e.appId : e.eventType);
  /** The request in flight has been answered and its retry is scheduled on the clock. */
  const retryScheduled = () => eventually(() => clock.pendingTimers() > 0, 5_000, 'a retry to be scheduled');

  beforeEach(() => {
    receivers = [];
  });
  afterEach(async () => {
    subscriptions?.stop();
    await server?.close();
    server = undefined;
    for (const r of receivers) await r.stop();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  describe('the /v2/eventSubscriptions routes', () => {
    let base: string;
    const call = async (method: string, query = '', body?: string) => {
      const res = await fetch(`${base}/v2/eventSubscriptions${query}`, {
        method, body, headers: body === undefined ? {} : { 'content-type': 'application/json' },
      });
      return { status: res.status, body: await res.json() };
    };

    beforeEach(async () => {
      const log = await setUp();
      server = createServer({ logger: log, daemon: 'master' });
      registerEventRoutes(server, { bus, clock, log, subscriptions });
      base = await listenOnHost(server);
    });

    it('subscribes with POST ?callbackUrl=, lists with GET, unsubscribes with DELETE, answering with the subscribe_event and unsubscribe_event it publishes', async () => {
      const r = await receiver();
      const seen: MarathonEvent[] = [];
      bus.subscribe((e) => seen.push(e));
      const posted = await call('POST', `?callbackUrl=${encodeURIComponent(r.url)}`);
      assert.equal(posted.status, 200);
      assert.deepEqual(posted.body, { eventType: 'subscribe_event', clientIp: '127.0.0.1', callbackUrl: r.url, timestamp: new Date(clock.now()).toISOString() });
      assert.deepEqual(seen, [posted.body]);
      assert.deepEqual((await call('GET')).body, { callbackUrls: [r.url] });
      assert.equal((await call('POST', `?callbackUrl=${encodeURIComponent(r.url)}`)).status, 200, 'subscribing again changes nothing');
      assert.deepEqual((await call('GET')).body, { callbackUrls: [r.url] });

      bus.publish(terminated('/a'));
      await eventually(() => r.requests.length === 3, 5_000, 'three deliveries');
      assert.deepEqual(deliveredTypes(r), ['subscribe_event', 'subscribe_event', '/a'], 'a subscriber receives its own subscription');
      assert.equal(r.requests[0].method, 'POST');
      assert.equal(r.requests[0].headers['content-type'], 'application/json');

      const deleted = await call('DELETE', `?callbackUrl=${encodeURIComponent(r.url)}`);
      assert.equal(deleted.status, 200);
      assert.equal(deleted.body.eventType, 'unsubscribe_event');
      assert.deepEqual((await call('GET')).body, { callbackUrls: [] });
      assert.deepEqual(await store.list(SUBSCRIPTIONS_PREFIX), []);
      bus.publish(terminated('/b'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(r.requests.length, 3, 'nothing is delivered after unsubscribing');
    });

    it('refuses what is not one http(s) URL with 422 naming it, and stray parameters or a body with 400', async () => {
      for (const [query, status, pattern] of [
        ['?callbackUrl=ftp%3A%2F%2Fhost%2Fx', 422, /"ftp:\/\/host\/x" is not an http or https URL/],
        ['?callbackUrl=not-a-url', 422, /"not-a-url" is not a URL/],
        ['', 422, /is required/],
        ['?callbackUrl=http%3A%2F%2Fa%2F&callbackUrl=http%3A%2F%2Fb%2F', 422, /more than once/],
        ['?callbackUrl=http%3A%2F%2Fa%2F&eventType=x', 400, /Unknown query parameter eventType/],
      ] as const) {
        const res = await call('POST', query);
        assert.equal(res.status, status, query);
        const said = [res.body.message, ...(res.body.details ?? []).flatMap((d: { errors: string[] }) => d.errors)].join('; ');
        assert.match(said, pattern, query);
      }
      const bad = await call('POST', '?callbackUrl=file%3A%2F%2F%2Fetc%2Fpasswd');
      assert.deepEqual(bad.body.details, [{ path: '/callbackUrl', errors: ['"file:///etc/passwd" is not an http or https URL'] }]);
      const withBody = await call('POST', '?callbackUrl=http%3A%2F%2Fa%2F', JSON.stringify({ callbackUrl: 'http://a/' }));
      assert.equal(withBody.status, 400);
      assert.match(withBody.body.message, /takes no body/);
      assert.deepEqual((await call('GET')).body, { callbackUrls: [] }, 'nothing was subscribed');
    });
  });

  it('POSTs every event to each subscriber in bus order, and a failing subscriber delays no other', async () => {
    await setUp();
    const down = await receiver('/down');
    down.answer = () => 503;
    const up = await receiver('/up');
    await subscriptions.subscribe(down.url, '127.0.0.1');
    await subscriptions.subscribe(up.url, '127.0.0.1');
    for (const app of ['/a', '/b', '/c']) bus.publish(terminated(app));
    await eventually(() => up.requests.length === 4, 5_000, 'the healthy subscriber to get everything');
    assert.deepEqual(deliveredTypes(up), ['subscribe_event', '/a', '/b', '/c']);
    assert.deepEqual(down.requests.map((r) => r.status), [503], 'the failing one waits for its backoff');
  });

  it('retries an event after the receiver fails, with a backoff that doubles (1 s, 2 s), then delivers the rest in order', async () => {
    await setUp();
    const r = await receiver();
    r.answer = (_req, i) => (i < 2 ? 500 : 200);
    await subscriptions.subscribe(r.url, '127.0.0.1');
    bus.publish(terminated('/a'));
    bus.publish(terminated('/b'));
    await retryScheduled();
    clock.advance(999);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(r.requests.length, 1, 'no retry before 1 s');
    clock.advance(1);
    await eventually(() => r.requests.length === 2, 5_000, 'the first retry');
    await retryScheduled();
    clock.advance(2_000);
    await eventually(() => r.requests.length === 5, 5_000, 'the retry and the rest');
    assert.deepEqual(r.requests.map((q) => q.status), [500, 500, 200, 200, 200]);
    assert.deepEqual(deliveredTypes(r), ['subscribe_event', '/a', '/b']);
    assert.equal(lines.filter((l) => /retrying/.test(l.msg)).length, 2);
  });

  it('gives an event up after 5 attempts, so one event a receiver always refuses cannot block the rest', async () => {
    await setUp();
    const r = await receiver();
    r.answer = (req) => (req.body.includes('"/poison"') ? 400 : 200);
    await subscriptions.subscribe(r.url, '127.0.0.1');
    bus.publish(terminated('/poison'));
    bus.publish(terminated('/next'));
    for (let attempt = 1; attempt <= 5; attempt++) {
      await eventually(() => r.requests.length === attempt + 1, 5_000, `attempt ${attempt}`);
      await retryScheduled();
      clock.advance(60_000);
    }
    await eventually(() => deliveredTypes(r).includes('/next'), 5_000, 'the next event');
    assert.equal(r.requests.filter((q) => q.status === 400).length, 5);
    assert.ok(lines.some((l) => /failed 5 times; this event is given up/.test(l.msg)));
  });

  it('drops the oldest undelivered events when a subscriber\'s queue is full, and logs that once for the burst, with the count', async () => {
    await setUp({ ...exact, maxQueued: 3 });
    const r = await receiver();
    r.answer = (_req, i) => (i === 0 ? 500 : 200);
    await subscriptions.subscribe(r.url, '127.0.0.1');
    await retryScheduled();
    for (let i = 0; i < 10; i++) bus.publish(terminated(`/e${i}`));
    assert.equal(lines.filter((l) => /dropped/.test(l.msg)).length, 0, 'the burst is reported when it ends');
    clock.advance(1_000);
    await eventually(() => r.requests.length === 5, 5_000, 'the retry and the three newest');
    assert.deepEqual(deliveredTypes(r), ['subscribe_event', '/e7', '/e8', '/e9']);
    const drops = lines.filter((l) => /dropped/.test(l.msg));
    assert.equal(drops.length, 1);
    assert.equal(drops[0].dropped, 7);
    assert.match(drops[0].msg, /dropped the 7 oldest undelivered event\(s\)/);
  });

  it('keeps subscriptions in the state store: a master that loads the same SQLite file delivers to them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-event-subscriptions-'));
    const file = join(dir, 'master.db');
    await setUp(exact, file);
    const r = await receiver();
    await subscriptions.subscribe(r.url, '127.0.0.1');
    subscriptions.stop();
    await store.close();

    await setUp(exact, file);
    assert.deepEqual(subscriptions.list(), [r.url]);
    bus.publish(terminated('/after-restart'));
    await eventually(() => deliveredTypes(r).includes('/after-restart'), 5_000, 'a delivery after the reload');
  });
});
