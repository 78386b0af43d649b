import assert from 'node:assert/strict';
import { ManualClock } from '../../../../../src/core/clock.js';
import { DeliveryQueue, type DeliveryOptions } from '../../../../../src/runtime/marathon/events/delivery-queue.js';
import { capturingLogger, type LogLine } from './helpers.js';

/**
 * The queue's own bounds and timing, with a Send that the test settles by hand (the
 * deliveries over real HTTP are event-subscriptions.test.ts's and chat-notifier.test.ts's).
 */
describe('DeliveryQueue', () => {
  let clock: ManualClock;
  let lines: LogLine[];
  let sent: Array<{ body: string; signal: AbortSignal; settle: (ok: boolean) => void }>;
  const flush = () => new Promise((r) => setImmediate(r));

  const queue = (opts: DeliveryOptions = {}) => {
    clock = new ManualClock();
    const logger = capturingLogger();
    lines = logger.lines;
    sent = [];
    return new DeliveryQueue('test target', (body, signal) => new Promise<void>((resolve, reject) => {
      sent.push({ body, signal, settle: (ok) => (ok ? resolve() : reject(new Error('HTTP 503'))) });
    }), { clock, log: logger.log }, { random: () => 0.5, ...opts });
  };

  it('sends one body at a time, in order', async () => {
    const q = queue();
    for (const b of ['a', 'b', 'c']) q.push(b);
    assert.deepEqual(sent.map((s) => s.body), ['a']);
    assert.equal(q.pending, 3);
    sent[0].settle(true);
    await flush();
    sent[1].settle(true);
    await flush();
    assert.deepEqual(sent.map((s) => s.body), ['a', 'b', 'c']);
  });

  it('bounds the characters waiting too: the oldest go first, the newest always stays', async () => {
    const q = queue({ maxQueuedChars: 10 });
    q.push('in-flight');
    for (const b of ['aaaa', 'bbbb', 'cccc', 'dddddddddddddddd']) q.push(b);
    assert.equal(q.pending, 2, 'the one in flight and the newest, alone over the limit');
    sent[0].settle(true);
    await flush();
    assert.equal(sent[1].body, 'dddddddddddddddd');
  });

  it('logs the drops of a burst that goes on once a minute, with the count of that minute', async () => {
    const q = queue({ maxQueued: 1 });
    q.push('stuck');
    for (let i = 0; i < 5; i++) q.push(`e${i}`);
    clock.advance(59_999);
    assert.equal(lines.filter((l) => /dropped/.test(l.msg)).length, 0);
    clock.advance(1);
    q.push('e5');
    q.push('e6');
    clock.advance(60_000);
    assert.deepEqual(lines.filter((l) => /dropped/.test(l.msg)).map((l) => l.dropped), [4, 2]);
  });

  it('stop() aborts the request in flight and forgets the rest', async () => {
    const q = queue();
    q.push('a');
    q.push('b');
    q.stop();
    assert.equal(sent[0].signal.aborted, true);
    assert.equal(q.pending, 0);
    sent[0].settle(false);
    await flush();
    q.push('c');
    assert.equal(sent.length, 1, 'nothing is sent after stop');
    assert.equal(clock.pendingTimers(), 0, 'no retry is scheduled');
  });
});
