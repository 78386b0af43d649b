import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startMaster, type RunningMaster } from '../../../../../src/runtime/master/master.js';
import { HOST, SseTestClient } from './helpers.js';

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
