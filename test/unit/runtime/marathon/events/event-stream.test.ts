import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { ManualClock } from '../../../../../src/core/clock.js';
import { createServer } from '../../../../../src/runtime/http/server.js';
import { LocalEventBus } from '../../../../../src/runtime/marathon/events/event-bus.js';
import { registerEventRoutes } from '../../../../../src/runtime/marathon/events/event-routes.js';
import { EventSubscriptions } from '../../../../../src/runtime/marathon/events/event-subscriptions.js';
import type { MarathonEvent } from '../../../../../src/runtime/marathon/events/marathon-events.js';
import { SqliteStateStore } from '../../../../../src/runtime/state/sqlite-store.js';
import { eventually } from '../../../../harness/proc.js';
import { capturingLogger, HOST, listenOnHost, SseTestClient, type LogLine } from './helpers.js';

const TS = '2024-05-01T10:00:00.000Z';
const terminated = (appId: string): MarathonEvent => ({ eventType: 'app_terminated_event', appId, timestamp: TS });
const plan = {
  id: 'd-1', version: TS, steps: [{ actions: [{ action: 'ScaleApplication', app: '/web' }] }],
  original: { id: '/', apps: [] }, target: { id: '/', apps: [{ id: '/web' }] },
};

/** GET /v2/events (docs/docs/event-bus.md, api/v2/events.raml) on a real server on loopback. */
describe('GET /v2/events', () => {
  let server: FastifyInstance;
  let bus: LocalEventBus;
  let clock: ManualClock;
  let lines: LogLine[];
  let base: string;
  let clients: SseTestClient[];
  let store: SqliteStateStore;
  const seen: MarathonEvent[] = [];

  const start = async (stream: { heartbeatMs?: number; maxUnsentBytes?: number } = {}) => {
    clock = new ManualClock();
    bus = new LocalEventBus();
    bus.subscribe((e) => seen.push(e));
    const logger = capturingLogger();
    lines = logger.lines;
    store = new SqliteStateStore(':memory:');
    server = createServer({ logger: logger.log, daemon: 'master' });
    const subscriptions = new EventSubscriptions({ store, bus, clock, log: logger.log });
    registerEventRoutes(server, { bus, clock, log: logger.log, subscriptions, stream });
    base = await listenOnHost(server);
  };
  const open = async (query = '', localAddress?: string) => {
    const c = await SseTestClient.open(`${base}/v2/events${query}`, { accept: 'text/event-stream' }, localAddress);
    clients.push(c);
    return c;
  };

  beforeEach(() => {
    clients = [];
    seen.length = 0;
  });
  afterEach(async () => {
    for (const c of clients) c.close();
    await server?.close();
    await store?.close();
  });

  it('streams every published event in order as "event: <eventType>" and "data: <json>", starting with its own event_stream_attached', async () => {
    await start();
    const client = await open();
    assert.equal(client.status, 200);
    assert.match(String(client.headers['content-type']), /^text\/event-stream/);
    await client.waitForEvents(1);
    const events: MarathonEvent[] = [
      terminated('/a'),
      { eventType: 'deployment_success', id: 'd-1', plan, timestamp: TS },
      terminated('/b'),
    ];
    for (const e of events) bus.publish(e);
    await client.waitForEvents(4);
    assert.deepEqual(client.events.map((e) => e.event), ['event_stream_attached', 'app_terminated_event', 'deployment_success', 'app_terminated_event']);
    assert.deepEqual(client.events.slice(1).map((e) => e.data), events);
    assert.equal(client.events[0].data.remoteAddress, '127.0.0.1');
    assert.match(client.received, /^event: event_stream_attached\ndata: \{.*\}\n\n/);
  });

  it('sends only the event types named by event_type, a repeatable parameter', async () => {
    await start();
    const client = await open('?event_type=app_terminated_event&event_type=deployment_success');
    bus.publish({ eventType: 'group_change_success', groupId: '/', version: TS, timestamp: TS });
    bus.publish(terminated('/a'));
    bus.publish({ eventType: 'deployment_success', id: 'd-1', plan, timestamp: TS });
    await client.waitForEvents(2);
    assert.deepEqual(client.events.map((e) => e.event), ['app_terminated_event', 'deployment_success']);
  });

  it('leaves out the plan\'s original and target groups with plan-format=light, and keeps them without it', async () => {
    await start();
    const light = await open('?plan-format=light&event_type=deployment_info&event_type=deployment_success');
    const full = await open('?event_type=deployment_info');
    const currentStep = plan.steps[0];
    bus.publish({ eventType: 'deployment_info', plan, currentStep, timestamp: TS });
    bus.publish({ eventType: 'deployment_success', id: 'd-1', plan, timestamp: TS });
    await light.waitForEvents(2);
    await full.waitForEvents(1);
    assert.deepEqual(light.events[0].data, { eventType: 'deployment_info', plan: { id: 'd-1', steps: plan.steps, version: TS }, currentStep, timestamp: TS });
    assert.deepEqual(light.events[1].data.plan, { id: 'd-1', steps: plan.steps, version: TS });
    assert.equal(light.events[1].data.id, 'd-1');
    assert.deepEqual(full.events[0].data.plan, plan);
  });

  it('answers 405 to a GET that does not accept text/event-stream, as Marathon (Jetty) does, and opens no stream', async () => {
    await start();
    for (const accept of ['application/json', '*/*', '']) {
      const res = await fetch(`${base}/v2/events`, { headers: accept ? { accept } : {} });
      assert.equal(res.status, 405, accept);
      assert.match((await res.json()).message, /Accept: text\/event-stream/);
    }
    const withParams = await SseTestClient.open(`${base}/v2/events`, { accept: 'application/json, text/event-stream;q=0.9' });
    clients.push(withParams);
    assert.equal(withParams.status, 200, 'a list of media ranges that holds text/event-stream opens a stream');
  });

  it('refuses unknown event types, plan formats and parameters with 400 naming them, and accepts the Marathon types it never publishes', async () => {
    await start();
    for (const [query, pattern] of [
      ['?event_type=app_terminated', /event_type "app_terminated" is not a Marathon event type/],
      ['?plan-format=heavy', /plan-format "heavy" is not known/],
      ['?eventType=deployment_info', /Unknown query parameter eventType/],
    ] as const) {
      const res = await fetch(`${base}/v2/events${query}`, { headers: { accept: 'text/event-stream' } });
      assert.equal(res.status, 400, query);
      assert.match((await res.json()).message, pattern);
    }
    const pods = await open('?event_type=pod_created_event');
    assert.equal(pods.status, 200);
  });

  it('publishes event_stream_attached and event_stream_detached on the bus with the client\'s address', async () => {
    await start();
    const client = await open('', '127.0.103.7');
    await eventually(() => seen.some((e) => e.eventType === 'event_stream_attached'), 2_000, 'attached');
    client.close();
    await eventually(() => seen.some((e) => e.eventType === 'event_stream_detached'), 2_000, 'detached');
    assert.deepEqual(
      seen.map((e) => [e.eventType, 'remoteAddress' in e ? e.remoteAddress : undefined]),
      [['event_stream_attached', '127.0.103.7'], ['event_stream_detached', '127.0.103.7']],
    );
  });

  it('writes an SSE comment every heartbeat interval, so proxies keep an idle stream open', async () => {
    await start({ heartbeatMs: 5_000 });
    const client = await open();
    await client.waitForEvents(1);
    clock.advance(4_999);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(client.frames.filter((f) => f.comment !== undefined).length, 0);
    clock.advance(1);
    clock.advance(5_000);
    await eventually(() => client.frames.filter((f) => f.comment !== undefined).length === 2, 2_000, 'two heartbeats');
    assert.equal(client.events.length, 1, 'heartbeats are no events');
  });

  it('cuts off a client that stops reading once its unsent bytes pass the limit, while another keeps receiving everything', async () => {
    const limit = 256 * 1024;
    await start({ maxUnsentBytes: limit });
    const reader = await open('', '127.0.103.2');
    const stalled = await stalledClient(base, '127.0.103.3');
    try {
      await eventually(() => seen.filter((e) => e.eventType === 'event_stream_attached').length === 2, 2_000, 'both attached');
      const blob = 'x'.repeat(64 * 1024);
      let published = 0;
      const slowestPublishMs: number[] = [];
      while (!seen.some((e) => e.eventType === 'event_stream_detached') && published < 2_000) {
        const t0 = performance.now();
        bus.publish({ eventType: 'api_post_event', clientIp: '127.0.0.1', uri: `/v2/apps/n${published}`, appDefinition: { blob }, timestamp: TS });
        slowestPublishMs.push(performance.now() - t0);
        published++;
        await new Promise((r) => setImmediate(r));
      }
      const detached = seen.filter((e) => e.eventType === 'event_stream_detached');
      assert.deepEqual(detached.map((e) => 'remoteAddress' in e && e.remoteAddress), ['127.0.103.3'], 'the stalled client is cut off, the reader is not');
      const cut = lines.find((l) => /does not read/.test(l.msg));
      assert.ok(cut, 'the cut-off is logged');
      assert.ok(Number(cut.unsentBytes) <= limit + 70 * 1024, `at most one event over the limit was held for it (${cut.unsentBytes} bytes)`);
      bus.publish(terminated('/after'));
      await eventually(() => reader.events.some((e) => e.data.appId === '/after'), 10_000, 'the reader to read everything');
      const posts = reader.events.filter((e) => e.event === 'api_post_event').map((e) => e.data.uri);
      assert.deepEqual(posts, Array.from({ length: published }, (_, i) => `/v2/apps/n${i}`), 'the reader got every event, in order');
      slowestPublishMs.sort((a, b) => a - b);
      assert.ok(slowestPublishMs[Math.floor(slowestPublishMs.length / 2)] < 5, 'a publish to a stalled client never waits for it');
    } finally {
      stalled.destroy();
    }
  });

  it('writes a published event to the sockets of its clients within the publish call, in well under a millisecond', async () => {
    await start();
    const readers: SseTestClient[] = [];
    for (let i = 0; i < 10; i++) readers.push(await open());
    // Reader i sees its own attachment and those after it.
    await Promise.all(readers.map((r, i) => r.waitForEvents(10 - i, 'every attachment')));
    const times: number[] = [];
    for (let i = 0; i < 1_000; i++) {
      const t0 = performance.now();
      bus.publish({
        eventType: 'status_update_event', slaveId: 'a-1', taskId: `web.${i}`, taskStatus: 'TASK_RUNNING', message: '', appId: '/web',
        host: '127.0.0.2', ipAddresses: [{ ipAddress: '127.0.0.2', protocol: 'IPv4' }], ports: [31000], version: TS, timestamp: TS,
      });
      times.push(performance.now() - t0);
      if (i % 100 === 99) await new Promise((r) => setImmediate(r));
    }
    times.sort((a, b) => a - b);
    const median = times[500];
    assert.ok(median < 0.5, `median publish to 10 clients took ${median.toFixed(3)} ms`);
    await Promise.all(readers.map((r, i) => r.waitForEvents(10 - i + 1_000, 'every event')));
  });

  it('ends every stream when the server closes', async () => {
    await start();
    const client = await open();
    await client.waitForEvents(1);
    await server.close();
    await eventually(() => client.closed, 2_000, 'the stream to end');
  });
});

/** A raw connection that asks for the stream, reads the response head, then never reads again. */
async function stalledClient(base: string, localAddress: string): Promise<Socket> {
  const { hostname, port } = new URL(base);
  const socket = connect({ host: hostname, port: Number(port), localAddress });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(`GET /v2/events HTTP/1.1\r\nHost: ${hostname}\r\nAccept: text/event-stream\r\n\r\n`);
    });
    socket.once('data', () => {
      socket.pause();
      resolve();
    });
  });
  socket.on('error', () => undefined);
  return socket;
}
