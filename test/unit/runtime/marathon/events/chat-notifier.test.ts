import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../../../src/core/clock.js';
import { DEFAULT_NOTIFIER_EVENTS, type NotifierEvent } from '../../../../../src/core/notifier-config.js';
import { ChatNotifier } from '../../../../../src/runtime/marathon/events/chat-notifier.js';
import { LocalEventBus } from '../../../../../src/runtime/marathon/events/event-bus.js';
import type { MarathonEvent } from '../../../../../src/runtime/marathon/events/marathon-events.js';
import { loadNotifierConfig } from '../../../../../src/runtime/marathon/events/notifier-config.js';
import { eventually } from '../../../../harness/proc.js';
import { capturingLogger, HOST, Receiver, type LogLine } from './helpers.js';

const TS = '2024-05-01T10:00:00.000Z';
const LABELS: Record<string, Record<string, string>> = {
  '/shop/web': { owner: 'alice', build: '1.4.2', environment: 'staging', HAPROXY_GROUP: 'external', HAPROXY_0_VHOST: 'web.example.com', DCOS_PACKAGE_NAME: 'web' },
  '/shop/db': { owner: 'bob', note: 'tell <!channel> & co' },
};
const plan = (...apps: string[]) => ({ id: 'd-1', version: TS, steps: apps.map((app) => ({ actions: [{ action: 'RestartApplication', app }] })) });
const taskStatus = (taskStatus: 'TASK_FAILED' | 'TASK_RUNNING' | 'TASK_ERROR', taskId = 'shop_web.1'): MarathonEvent => ({
  eventType: 'status_update_event', slaveId: 'agent-7', taskId, taskStatus, message: 'Command exited with status 1', appId: '/shop/web',
  host: '10.0.0.7', ipAddresses: [], ports: [], version: TS, timestamp: TS,
});
const unhealthyKill: MarathonEvent = {
  eventType: 'unhealthy_task_kill_event', appId: '/shop/web', taskId: 'shop_web.2', instanceId: 'shop_web.instance-2', version: TS,
  reason: '500 Internal Server Error', host: '10.0.0.8', slaveId: 'agent-8', timestamp: TS,
};

describe('ChatNotifier', () => {
  let receiver: Receiver;
  let clock: ManualClock;
  let bus: LocalEventBus;
  let lines: LogLine[];
  let notifier: ChatNotifier;

  const start = async (events: readonly NotifierEvent[] = DEFAULT_NOTIFIER_EVENTS, channel?: string) => {
    receiver = await Receiver.start(HOST, '/hooks/T000/B000/very-secret-token');
    clock = new ManualClock();
    bus = new LocalEventBus();
    const logger = capturingLogger();
    lines = logger.lines;
    notifier = new ChatNotifier({
      bus, clock, log: logger.log, clusterName: 'prod', labelsOf: (id) => LABELS[id],
      settings: { webhookUrl: receiver.url, events: new Set(events), ...(channel ? { channel } : {}) },
      delivery: { random: () => 0.5 },
    });
    notifier.start();
  };
  const posted = () => receiver.delivered() as Array<{ text: string; channel?: string; attachments: Array<{ title?: string; color: string; fields: Array<{ title: string; value: string }> }> }>;
  const fieldsOf = (a: { fields: Array<{ title: string; value: string }> }) => Object.fromEntries(a.fields.map((f) => [f.title, f.value]));

  afterEach(async () => {
    notifier?.stop();
    await receiver?.stop();
  });

  it('posts a deployment that succeeded as Slack JSON, with every label of each affected app but HAPROXY_* and DCOS_PACKAGE_*', async () => {
    await start(DEFAULT_NOTIFIER_EVENTS, '#ops');
    bus.publish({ eventType: 'deployment_success', id: 'd-1', plan: plan('/shop/web', '/shop/db', '/shop/web'), timestamp: TS });
    await eventually(() => posted().length === 1, 5_000, 'the post');
    const [message] = posted();
    assert.equal(receiver.requests[0].headers['content-type'], 'application/json');
    assert.equal(message.text, '[prod] Deployment of /shop/web, /shop/db succeeded');
    assert.equal(message.channel, '#ops');
    const [details, web, db] = message.attachments;
    assert.equal(details.color, '#2eb886');
    assert.deepEqual(fieldsOf(details), { Deployment: 'd-1' });
    assert.equal(web.title, '/shop/web');
    assert.deepEqual(fieldsOf(web), { owner: 'alice', build: '1.4.2', environment: 'staging' });
    assert.deepEqual(fieldsOf(db), { owner: 'bob', note: 'tell &lt;!channel&gt; &amp; co' }, 'label text cannot mention a channel');
  });

  it('posts a failed deployment with its reason, an unhealthy task killed, and a failed task, each with its details', async () => {
    await start();
    bus.publish({ eventType: 'deployment_failed', id: 'd-2', plan: plan('/shop/web'), reason: 'cancelled by a newer deployment', timestamp: TS });
    bus.publish(unhealthyKill);
    bus.publish(taskStatus('TASK_FAILED'));
    await eventually(() => posted().length === 3, 5_000, 'three posts');
    const [failed, killed, task] = posted();
    assert.equal(failed.text, '[prod] Deployment of /shop/web failed');
    assert.deepEqual(fieldsOf(failed.attachments[0]), { Deployment: 'd-2', Reason: 'cancelled by a newer deployment' });
    assert.equal(killed.text, '[prod] Killed an unhealthy task of /shop/web on 10.0.0.8');
    assert.deepEqual(fieldsOf(killed.attachments[0]), { Task: 'shop_web.2', Reason: '500 Internal Server Error', Agent: 'agent-8' });
    assert.equal(task.text, '[prod] A task of /shop/web failed on 10.0.0.7 (TASK_FAILED)');
    assert.equal(fieldsOf(task.attachments[0]).Message, 'Command exited with status 1');
    assert.deepEqual(fieldsOf(task.attachments[1]), { owner: 'alice', build: '1.4.2', environment: 'staging' });
  });

  it('posts only the configured events, and of the status updates only failed tasks', async () => {
    await start(['deployment_failed', 'task_failed']);
    bus.publish({ eventType: 'deployment_success', id: 'd-1', plan: plan('/shop/web'), timestamp: TS });
    bus.publish(unhealthyKill);
    bus.publish(taskStatus('TASK_RUNNING'));
    bus.publish({ eventType: 'app_terminated_event', appId: '/shop/web', timestamp: TS });
    bus.publish(taskStatus('TASK_ERROR'));
    await eventually(() => posted().length === 1, 5_000, 'one post');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(posted().map((m) => m.text), ['[prod] A task of /shop/web failed on 10.0.0.7 (TASK_ERROR)']);
  });

  it('counts the further task failures of an app within 5 minutes instead of posting each, and says how many with the next post', async () => {
    await start();
    for (let i = 0; i < 4; i++) bus.publish(taskStatus('TASK_FAILED', `shop_web.${i}`));
    clock.advance(5 * 60_000);
    bus.publish(taskStatus('TASK_FAILED', 'shop_web.9'));
    await eventually(() => posted().length === 2, 5_000, 'two posts');
    assert.equal(posted()[1].text, '[prod] A task of /shop/web failed on 10.0.0.7 (TASK_FAILED) (and 3 more failure(s) of this app since the last message)');
  });

  it('retries when the webhook fails, and never logs the webhook URL', async () => {
    await start();
    receiver.answer = (_req, i) => (i === 0 ? 500 : 200);
    bus.publish(unhealthyKill);
    await eventually(() => clock.pendingTimers() > 0, 5_000, 'a retry to be scheduled');
    clock.advance(1_000);
    await eventually(() => posted().length === 1, 5_000, 'the retried post');
    assert.equal(receiver.requests.length, 2);
    assert.ok(lines.some((l) => /retrying/.test(l.msg) && l.target === 'chat webhook' && l.reason === 'HTTP 500'));
    assert.ok(!JSON.stringify(lines).includes('very-secret-token'), 'no log line holds the URL');
  });
});

describe('loadNotifierConfig', () => {
  let dir: string;
  const SECRET = 'https://hooks.slack.com/services/T000/B000/XXXXSECRET';
  const write = (name: string, text: string, mode = 0o600) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    chmodSync(file, mode);
    return file;
  };

  before(() => { dir = mkdtempSync(join(tmpdir(), 'dcos-notifier-config-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a valid file, with the default events when none are given, and no warning when it is 0600', () => {
    const { settings, warnings } = loadNotifierConfig(write('ok.json', JSON.stringify({ webhookUrl: SECRET })));
    assert.deepEqual(settings, { webhookUrl: SECRET, events: new Set(DEFAULT_NOTIFIER_EVENTS) });
    assert.deepEqual(warnings, []);
    const withAll = loadNotifierConfig(write('all.json', JSON.stringify({ webhookUrl: SECRET, events: ['task_failed'], channel: '#ops' })));
    assert.deepEqual(withAll.settings, { webhookUrl: SECRET, events: new Set(['task_failed']), channel: '#ops' });
  });

  it('warns when group or others may read the file, without naming the URL', () => {
    const file = write('open.json', JSON.stringify({ webhookUrl: SECRET }), 0o644);
    const { warnings } = loadNotifierConfig(file);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /open to others than its owner \(mode 0644\).*chmod 600/);
    assert.ok(!warnings[0].includes('XXXXSECRET'));
  });

  for (const [name, text, expected] of [
    ['not JSON', '{"webhookUrl": ', /: is not JSON: /],
    ['not an object', '[]', /: \(top level\): must be a JSON object/],
    ['no webhookUrl', '{}', /: webhookUrl: is required/],
    ['a webhookUrl that is not http(s)', JSON.stringify({ webhookUrl: 'ftp://hooks.example.com/XXXXSECRET' }), /: webhookUrl: must be an http or https URL, not ftp:/],
    ['a webhookUrl that is no URL', JSON.stringify({ webhookUrl: 'XXXXSECRET' }), /: webhookUrl: must be an http or https URL \(the value is not a URL\)/],
    ['an unknown event', JSON.stringify({ webhookUrl: SECRET, events: ['deployment_success', 'deploy_failed'] }), /: events\[1\]: "deploy_failed" is not one of deployment_success, /],
    ['no events', JSON.stringify({ webhookUrl: SECRET, events: [] }), /: events: must name at least one event/],
    ['a bad channel', JSON.stringify({ webhookUrl: SECRET, channel: 'ops room' }), /: channel: must be a channel name/],
    ['an unknown key, among other problems', JSON.stringify({ webhook: SECRET }), /: webhook: is not a known key \(known: webhookUrl, events, channel\); webhookUrl: is required/],
  ] as const) {
    it(`refuses a file with ${name}, naming the file and the field, never the URL`, () => {
      const file = write(`${name.replace(/\W+/g, '-')}.json`, text);
      assert.throws(() => loadNotifierConfig(file), (err: Error) => {
        assert.ok(err.message.startsWith(`${file}: `), err.message);
        assert.match(err.message, expected);
        assert.ok(!err.message.includes('XXXXSECRET'), err.message);
        return true;
      });
    });
  }

  it('refuses a file that cannot be read, naming it', () => {
    assert.throws(() => loadNotifierConfig(join(dir, 'missing.json')), /missing\.json: cannot be read \(ENOENT\)/);
  });
});
