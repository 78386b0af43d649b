import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKeyFile } from '../../../../src/provisioner/ssh/key-file.js';

/** Real keys made by ssh-keygen: the public half is what picks a key among ssh-agent's. */
describe('readKeyFile', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), 'dcos-key-file-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const keygen = (name: string, args: string[]) => {
    const file = join(dir, name);
    execFileSync('ssh-keygen', ['-q', ...args, '-f', file]);
    return { file, blob: Buffer.from(readFileSync(`${file}.pub`, 'utf8').split(' ')[1], 'base64') };
  };

  it('gives a key without a passphrase as it is', () => {
    const { file } = keygen('plain', ['-t', 'ed25519', '-N', '']);
    const key = readKeyFile(file);
    assert.ok(key.usable && !key.encrypted);
    assert.deepEqual(key.key, readFileSync(file));
  });

  it('reads the public half of a key protected by a passphrase from the key file itself (OpenSSH format)', () => {
    const { file, blob } = keygen('locked', ['-t', 'ed25519', '-N', 'secret words']);
    unlinkSync(`${file}.pub`);
    const key = readKeyFile(file);
    assert.ok(key.usable && key.encrypted);
    assert.deepEqual(key.publicKey, blob);
  });

  it('reads the public half of a PEM key protected by a passphrase from the .pub beside it', () => {
    const { file, blob } = keygen('locked-pem', ['-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', 'secret words']);
    const key = readKeyFile(file);
    assert.ok(key.usable && key.encrypted);
    assert.deepEqual(key.publicKey, blob);
  });

  it('says what is wrong with a file that is not a private key', () => {
    const { file } = keygen('pub-only', ['-t', 'ed25519', '-N', '']);
    assert.deepEqual(readKeyFile(`${file}.pub`), { usable: false, problem: 'holds a public key', hint: 'give the private key (the file without .pub)' });
    writeFileSync(join(dir, 'notes.txt'), 'not a key\n');
    const notAKey = readKeyFile(join(dir, 'notes.txt'));
    assert.ok(!notAKey.usable && notAKey.problem.startsWith('is not a private key ssh2 can read ('), JSON.stringify(notAKey));
  });
});
