import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle } from '../../../../src/provisioner/bundle/bundle.js';
import { notifierConfigText } from '../../../../src/provisioner/notifier-secret.js';
import { desiredState } from '../../../../src/provisioner/ssh-cluster/cluster-up.js';
import { testSpec } from '../spec-fixture.js';

const bundle = { sha256: 'b'.repeat(64), version: '0.1.0' } as Bundle;
const secrets = { token: 't', nodeToken: 'n' };

/** cluster.yaml `notifications` on SSH clusters: the master's flag and its secret file. */
describe('notifications on SSH clusters', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'dcos-notifier-secret-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the master --notifier-config and the config as a secret file; agents get neither', async () => {
    const urlFile = join(dir, 'hook');
    writeFileSync(urlFile, 'https://hooks.example.com/T0/B0/secret\n', { mode: 0o600 });
    const spec = { ...testSpec(1), notifications: { webhookUrlFile: urlFile, events: ['task_failed' as const] } };
    const notifierConfig = await notifierConfigText(urlFile, spec.notifications.events);
    assert.deepEqual(JSON.parse(notifierConfig), { webhookUrl: 'https://hooks.example.com/T0/B0/secret', events: ['task_failed'] });

    const master = desiredState(spec, spec.masters[0], bundle, { ...secrets, notifierConfig });
    assert.deepEqual(master.config.daemonArgs.slice(-2), ['--notifier-config', '/etc/dcos/secrets/notifier.json']);
    assert.deepEqual(Object.keys(master.secretFiles), ['token', 'node-token', 'notifier.json']);
    assert.equal(master.secretFiles['notifier.json'], notifierConfig);
    assert.ok(!master.config.daemonArgs.join(' ').includes('hooks.example.com'), 'the URL is never in argv');

    const agent = desiredState(spec, spec.agents[0], bundle, { ...secrets, notifierConfig });
    assert.deepEqual(Object.keys(agent.secretFiles), ['node-token']);
    assert.ok(!agent.config.daemonArgs.includes('--notifier-config'));
  });

  it('changes the master\'s config hash when the webhook URL changes, so `up` rewrites the secret and restarts it', () => {
    const spec = { ...testSpec(1), notifications: { webhookUrlFile: '/x', events: ['task_failed' as const] } };
    const a = desiredState(spec, spec.masters[0], bundle, { ...secrets, notifierConfig: '{"webhookUrl":"https://a.example/1"}\n' });
    const b = desiredState(spec, spec.masters[0], bundle, { ...secrets, notifierConfig: '{"webhookUrl":"https://a.example/2"}\n' });
    assert.notEqual(a.configHash, b.configHash);
    assert.notEqual(a.secretHashes['notifier.json'], b.secretHashes['notifier.json']);
    const none = desiredState(testSpec(1), testSpec(1).masters[0], bundle, secrets);
    assert.ok(!none.config.daemonArgs.includes('--notifier-config'));
    assert.deepEqual(Object.keys(none.secretFiles), ['token', 'node-token']);
  });

  for (const [name, content, expected] of [
    ['is empty', '\n', /the webhook URL file .*hook is empty$/],
    ['holds no http(s) URL', 'smtp://mail.example.com/SECRET', /the webhook URL file .*hook holds no webhook URL: it must be an http or https URL, not smtp:$/],
  ] as const) {
    it(`refuses a webhook URL file that ${name}, naming the file and never its content`, async () => {
      const urlFile = join(dir, 'hook');
      writeFileSync(urlFile, content);
      await assert.rejects(notifierConfigText(urlFile), (err: Error) => expected.test(err.message) && !err.message.includes('SECRET'));
    });
  }
});
