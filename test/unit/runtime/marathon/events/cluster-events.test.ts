import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { MarathonClient } from '../../../../../src/api/marathon-client.js';
import { Agent } from '../../../../../src/runtime/agent/agent.js';
import { startMaster, type RunningMaster } from '../../../../../src/runtime/master/master.js';
import { eventually } from '../../../../harness/proc.js';
import { killProcessesUnder } from '../../../../harness/processes.js';
import { HOST, Receiver, SseTestClient } from './helpers.js';

/**
 * The event outputs on a real master and agent, with the scheduler publishing: a
 * deployment as /v2/events shows it, and as the chat notifier posts it.
 */
describe('events of a deployment, through a master and an agent', function () {
  this.timeout(30_000);
  let dir: string;
  let master: RunningMaster | undefined;
  let agent: Agent | undefined;
  let chat: Receiver;
  let stream: SseTestClient | undefined;
  const token = 'user-secret';

  before(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'dcos-cluster-events-')));
    chat = await Receiver.start(HOST, '/hooks/secret');
    const notifierConfigFile = join(dir, 'notifier.json');
    writeFileSync(notifierConfigFile, JSON.stringify({ webhookUrl: chat.url, channel: '#deploys' }), { mode: 0o600 });
    const log = pino({ level: 'silent' });
    master = await startMaster({
      host: HOST, port: 0, stateDir: join(dir, 'master'), clusterName: 'dev', token, nodeToken: 'node-secret', log, allocationIntervalMs: 100, notifierConfigFile,
    });
    agent = await Agent.start({
      masterUrl: master.url, listenHost: '127.0.103.2', listenPort: 0, hostname: '127.0.103.2', workDir: join(dir, 'agent'), nodeToken: 'node-secret',
      resources: { cpus: 2, mem: 2048, disk: 1024, ports: [[31000, 32000]] }, attributes: {},
    }, { logger: log });
  });
  after(async () => {
    stream?.close();
    await agent?.stop().catch(() => undefined);
    await master?.close().catch(() => undefined);
    await chat?.stop();
    await killProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams the deployment of a new app in order, and posts its success to the chat with the app\'s labels', async () => {
    stream = await SseTestClient.open(
      `${master!.url}/v2/events?plan-format=light&event_type=api_post_event&event_type=deployment_info&event_type=deployment_success&event_type=status_update_event`,
      { accept: 'text/event-stream', authorization: `Bearer ${token}` },
    );
    const marathon = new MarathonClient({ baseUrl: master!.url, token });
    await marathon.createApp({
      id: '/shop/web', cmd: 'exec sleep 1000', instances: 1, cpus: 0.01, mem: 8,
      labels: { owner: 'alice', build: '1.4.2', HAPROXY_GROUP: 'external' },
    });
    await eventually(() => stream!.events.some((e) => e.event === 'deployment_success'), 20_000, 'deployment_success on the stream');
    const names = stream.events.map((e) => e.event);
    assert.ok(names.includes('api_post_event'), names.join());
    assert.ok(names.indexOf('deployment_info') < names.indexOf('deployment_success'));
    const running = stream.events.find((e) => e.event === 'status_update_event' && e.data.taskStatus === 'TASK_RUNNING');
    assert.ok(running, 'the task running is streamed');
    assert.ok(names.indexOf('status_update_event') < names.indexOf('deployment_success'));
    const success = stream.events.find((e) => e.event === 'deployment_success')!;
    assert.deepEqual(Object.keys(success.data.plan as object).sort(), ['id', 'steps', 'version'], 'the light plan format');

    await eventually(() => chat.delivered().length > 0, 10_000, 'the chat post');
    const [post] = chat.delivered() as Array<{ text: string; channel: string; attachments: Array<{ title?: string; fields: Array<{ title: string; value: string }> }> }>;
    assert.equal(post.text, '[dev] Deployment of /shop/web succeeded');
    assert.equal(post.channel, '#deploys');
    const web = post.attachments.find((a) => a.title === '/shop/web')!;
    assert.deepEqual(web.fields.map((f) => [f.title, f.value]), [['owner', 'alice'], ['build', '1.4.2']]);
  });
});
