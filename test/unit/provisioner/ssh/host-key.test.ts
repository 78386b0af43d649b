import assert from 'node:assert/strict';
import { algorithmsForKeyType, fingerprintOf, keyTypeLabel, keyTypeOf, normalizeFingerprint } from '../../../../src/provisioner/ssh/host-key.js';
import { KeyDir, type TestKey } from './keys.js';

describe('host key fingerprints', () => {
  const keys = new KeyDir();
  let made: TestKey[];
  before(() => { made = [keys.make('ed25519'), keys.make('rsa'), keys.make('ecdsa')]; });
  after(() => keys.remove());

  it('equal what `ssh-keygen -lf` prints, for ed25519, RSA and ECDSA keys', () => {
    for (const k of made) assert.equal(fingerprintOf(k.blob), k.fingerprint, k.type);
  });

  it('are "SHA256:" and unpadded base64 of 43 characters', () => {
    for (const k of made) assert.match(fingerprintOf(k.blob), /^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('read the key type from the blob itself', () => {
    assert.deepEqual(made.map((k) => keyTypeOf(k.blob)), ['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256']);
    assert.deepEqual(made.map((k) => keyTypeLabel(keyTypeOf(k.blob)!)), ['ED25519', 'RSA', 'ECDSA']);
  });

  it('find no key type in a truncated or garbage blob', () => {
    assert.equal(keyTypeOf(Buffer.from([0, 0, 0])), undefined);
    assert.equal(keyTypeOf(Buffer.from([0, 0, 0, 40, 1, 2])), undefined);
    assert.equal(keyTypeOf(Buffer.from([0, 0, 0, 2, 0x0a, 0x0b])), undefined);
  });

  it('normalize a pinned fingerprint: padding dropped, prefix required once', () => {
    assert.equal(normalizeFingerprint(' SHA256:abc= '), 'SHA256:abc');
    assert.equal(normalizeFingerprint('abc'), 'SHA256:abc');
    assert.equal(normalizeFingerprint('sha256:abc'), 'SHA256:abc');
  });

  it('offer every RSA signature algorithm for an RSA key, and the type itself otherwise', () => {
    assert.deepEqual(algorithmsForKeyType('ssh-rsa'), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    assert.deepEqual(algorithmsForKeyType('ssh-ed25519'), ['ssh-ed25519']);
  });
});
