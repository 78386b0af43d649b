import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DcosError, ErrorCodes } from '../../../../src/core/errors.js';
import type { SshTarget } from '../../../../src/provisioner/cluster-file/cluster-spec.js';
import { HostKeyStore } from '../../../../src/provisioner/ssh/host-key-store.js';
import { describeRecorded } from '../../../../src/provisioner/ssh/host-key-trust.js';
import { formatLine } from '../../../../src/provisioner/ssh/known-hosts.js';
import { KeyDir, type TestKey } from './keys.js';

/** Asserts a HOST_KEY DcosError whose message matches every pattern. */
async function rejectsHostKey(p: Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof DcosError, String(err));
    assert.equal(err.code, ErrorCodes.HOST_KEY);
    for (const re of patterns) assert.match(err.message, re);
    return true;
  });
}

const escape = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));

describe('HostKeyStore (pinned → known_hosts → trust on first use)', () => {
  const keys = new KeyDir();
  let hostKey: TestKey;
  let otherEd: TestKey;
  let rsa: TestKey;
  let n = 0;
  let storeFile: string;
  let userFile: string;
  const target = (extra: Partial<SshTarget> = {}): SshTarget => ({ host: '127.0.0.10', port: 22, user: 'root', keyFile: '/k', ...extra });
  const store = () => new HostKeyStore({ storeFile, userFiles: [userFile] });

  before(() => { hostKey = keys.make('ed25519'); otherEd = keys.make('ed25519'); rsa = keys.make('rsa'); });
  after(() => keys.remove());
  beforeEach(() => {
    n++;
    storeFile = join(keys.dir, `dcos-${n}`, 'known_hosts');
    userFile = join(keys.dir, `user_known_hosts-${n}`);
  });

  it('trusts a key matching the pinned fingerprint, without reading or writing any file', async () => {
    const d = await store().verify(target({ hostKey: hostKey.fingerprint }), hostKey.blob);
    assert.deepEqual(d, { fingerprint: hostKey.fingerprint, keyType: 'ssh-ed25519', source: 'pinned', recorded: false });
    assert.throws(() => statSync(storeFile));
  });

  it('refuses a key that differs from the pinned fingerprint, naming both and the fix', async () => {
    await rejectsHostKey(store().verify(target({ hostKey: otherEd.fingerprint }), hostKey.blob),
      /^ssh root@127\.0\.0\.10:22: host key mismatch/, escape(otherEd.fingerprint), escape(hostKey.fingerprint), /update its hostKey in cluster\.yaml/);
  });

  it('trusts a key found in the user\'s known_hosts and records nothing', async () => {
    writeFileSync(userFile, `# mine\n${formatLine('127.0.0.10', hostKey.blob)}`);
    const d = await store().verify(target(), hostKey.blob);
    assert.equal(d.source, 'known_hosts');
    assert.equal(d.line, 2);
    assert.throws(() => statSync(storeFile));
  });

  it('refuses a key when the user\'s known_hosts has another key of the same type for the host', async () => {
    writeFileSync(userFile, formatLine('[127.0.0.10]:2222', otherEd.blob));
    await rejectsHostKey(store().verify(target({ port: 2222 }), hostKey.blob),
      /^ssh root@127\.0\.0\.10:2222: the host key has CHANGED/, escape(hostKey.fingerprint), escape(otherEd.fingerprint), escape(`${userFile}:1`),
      /ssh-keygen -R '\[127\.0\.0\.10\]:2222'/);
  });

  it('refuses a key of another type than the user\'s known_hosts records for the host (no downgrade to trust on first use)', async () => {
    writeFileSync(userFile, formatLine('127.0.0.10', rsa.blob));
    await rejectsHostKey(store().verify(target(), hostKey.blob), /the host key has CHANGED/, escape(rsa.fingerprint), escape(hostKey.fingerprint));
    assert.throws(() => statSync(storeFile), 'nothing recorded');
  });

  it('refuses a key the user\'s known_hosts marks @revoked', async () => {
    writeFileSync(userFile, `@revoked ${formatLine('*', hostKey.blob)}`);
    await rejectsHostKey(store().verify(target(), hostKey.blob), /@revoked/);
  });

  it('records an unknown host\'s key on first use, in OpenSSH format, mode 0600, and says so', async () => {
    const d = await store().verify(target(), hostKey.blob);
    assert.deepEqual(d, { fingerprint: hostKey.fingerprint, keyType: 'ssh-ed25519', source: 'first_use', recorded: true, file: storeFile, line: 1 });
    assert.equal(readFileSync(storeFile, 'utf8'), formatLine('127.0.0.10', hostKey.blob));
    assert.equal(statSync(storeFile).mode & 0o777, 0o600);
    assert.equal(statSync(join(storeFile, '..')).mode & 0o777, 0o700);
    assert.equal(describeRecorded(target(), d), `recorded host key ${hostKey.fingerprint} for root@127.0.0.10:22 (first use)`);
  });

  it('trusts a recorded key afterwards, also from another instance (another dcos run)', async () => {
    await store().verify(target(), hostKey.blob);
    const d = await store().verify(target(), hostKey.blob);
    assert.deepEqual([d.source, d.recorded, d.line], ['dcos_known_hosts', false, 1]);
  });

  it('fails hard when a recorded host presents another key, of any type', async () => {
    await store().verify(target(), hostKey.blob);
    for (const changed of [otherEd, rsa]) {
      await rejectsHostKey(store().verify(target(), changed.blob),
        /the host key has CHANGED/, escape(changed.fingerprint), escape(hostKey.fingerprint), escape(`${storeFile}:1`), /If the host was reinstalled, remove its line from/);
    }
  });

  it('records each host once when many connections verify at the same time', async () => {
    const s = store();
    const hosts = ['127.0.0.10', '127.0.0.11', '127.0.0.10', '127.0.0.11', '127.0.0.10'];
    const decisions = await Promise.all(hosts.map((host) => s.verify(target({ host }), hostKey.blob)));
    assert.equal(decisions.filter((d) => d.recorded).length, 2);
    assert.equal(readFileSync(storeFile, 'utf8').trim().split('\n').length, 2);
  });

  it('appends after a last line without a newline', async () => {
    const s = store();
    await s.verify(target(), hostKey.blob);
    writeFileSync(storeFile, readFileSync(storeFile, 'utf8').trimEnd());
    const d = await s.verify(target({ host: '127.0.0.12' }), hostKey.blob);
    assert.equal(d.line, 2);
    assert.equal(readFileSync(storeFile, 'utf8').split('\n').length, 3);
  });

  it('lists the key types on record for a host, so they are negotiated first', async () => {
    writeFileSync(userFile, formatLine('127.0.0.10', rsa.blob));
    const s = store();
    assert.deepEqual(await s.knownKeyTypes(target()), ['ssh-rsa']);
    await s.verify(target({ host: '127.0.0.11' }), hostKey.blob);
    assert.deepEqual(await s.knownKeyTypes(target({ host: '127.0.0.11' })), ['ssh-ed25519']);
    assert.deepEqual(await s.knownKeyTypes(target({ host: '127.0.0.99' })), []);
  });
});
