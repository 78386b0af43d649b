import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startMaster, type RunningMaster } from '../../../../../src/runtime/master/master.js';
import { eventually } from '../../../../harness/proc.js';
import { HOST, Receiver, SseTestClient } from './helpers.js';

/** The event routes as the master serves them: behind its operator credential. */
describe('the master\'s event routes', () => {
  let dir: string;
  let master: RunningMaster;
  const auth = { authorization: 'Bearer user-secret' };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-master-events-'));
    master = await startMaster({
      host: HOST, port: 0, stateDir: dir, clusterName: 't', token: 'user-secret', nodeToken: 'node-secret', log: pino({ level: 'silent' }),
    });
  });
  after(async () => {
    await master?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 401 without the operator credential (or with the node credential), on the stream and the subscriptions alike', async () => {
    for (const headers of [{}, { authorization: 'Bearer node-secret' }] as Array<Record<string, string>>) {
      const stream = await SseTestClient.open(`${master.url}/v2/events`, { accept: 'text/event-stream', ...headers });
      stream.close();
      assert.equal(stream.status, 401);
      for (const method of ['GET', 'POST', 'DELETE']) {
        const res = await fetch(`${master.url}/v2/eventSubscriptions?callbackUrl=http%3A%2F%2F127.0.103.9%2F`, { method, headers });
        assert.equal(res.status, 401, method);
      }
    }
  });

  it('streams events to an authenticated client, starting with its own event_stream_attached', async () => {
    const stream = await SseTestClient.open(`${master.url}/v2/events`, { accept: 'text/event-stream', ...auth });
    try {
      assert.equal(stream.status, 200);
      await stream.waitForEvents(1);
      assert.equal(stream.events[0].event, 'event_stream_attached');
    } finally {
      stream.close();
    }
    const res = await fetch(`${master.url}/v2/eventSubscriptions`, { headers: auth });
    assert.deepEqual(await res.json(), { callbackUrls: [] });
  });

  it('POSTs the events of its bus to a callback subscribed through the API: here a stream attaching', async () => {
    const receiver = await Receiver.start(HOST);
    try {
      const url = `${master.url}/v2/eventSubscriptions?callbackUrl=${encodeURIComponent(receiver.url)}`;
      assert.equal((await fetch(url, { method: 'POST', headers: auth })).status, 200);
      const stream = await SseTestClient.open(`${master.url}/v2/events`, { accept: 'text/event-stream', ...auth });
      stream.close();
      await eventually(() => receiver.delivered().some((e) => e.eventType === 'event_stream_detached'), 5_000, 'the callbacks');
      assert.deepEqual(receiver.delivered().map((e) => e.eventType), ['subscribe_event', 'event_stream_attached', 'event_stream_detached']);
      assert.equal((await fetch(url, { method: 'DELETE', headers: auth })).status, 200);
    } finally {
      await receiver.stop();
    }
  });

  it('ends open streams when it closes', async () => {
    const second = await startMaster({
      host: HOST, port: 0, stateDir: join(dir, 'closing'), clusterName: 't', token: 'user-secret', nodeToken: 'node-secret', log: pino({ level: 'silent' }),
    });
    const stream = await SseTestClient.open(`${second.url}/v2/events`, { accept: 'text/event-stream', ...auth });
    await stream.waitForEvents(1);
    await second.close();
    await eventually(() => stream.closed, 2_000, 'the stream to end');
  });

  it('refuses to start with a notifier config that is not valid, naming the file and the field', async () => {
    const file = join(dir, 'notifier.json');
    writeFileSync(file, JSON.stringify({ webhookUrl: 'https://hooks.example.com/secret', events: ['everything'] }), { mode: 0o600 });
    await assert.rejects(
      startMaster({
        host: HOST, port: 0, stateDir: join(dir, 'second'), clusterName: 't', token: 'user-secret', nodeToken: 'node-secret',
        log: pino({ level: 'silent' }), notifierConfigFile: file,
      }),
      (err: Error) => err.message.startsWith(`${file}: events[0]: "everything" is not one of`),
    );
  });
});
