import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Real key pairs made by ssh-keygen, the oracle these tests compare against. */
export interface TestKey {
  type: 'ed25519' | 'rsa' | 'ecdsa';
  /** Path of the public key file. */
  pub: string;
  /** The public key blob (the base64 field of the .pub file, decoded). */
  blob: Buffer;
  /** What `ssh-keygen -lf` prints as the fingerprint. */
  fingerprint: string;
}

export class KeyDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'dcos-ssh-keys-'));
  private n = 0;

  make(type: TestKey['type']): TestKey {
    const file = join(this.dir, `${type}-${this.n++}`);
    execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-C', 'test', '-f', file]);
    const pub = `${file}.pub`;
    const blob = Buffer.from(readFileSync(pub, 'utf8').split(' ')[1], 'base64');
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pub], { encoding: 'utf8' }).split(' ')[1];
    return { type, pub, blob, fingerprint };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
