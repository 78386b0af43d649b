import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExitStatus, readWrapperPid } from '../../../../src/runtime/agent/sandbox.js';
import { tempDir } from './helpers.js';

/** The wrapper's files live in a sandbox the task's user owns: reading them must never hang or leave it. */
describe('sandbox bookkeeping files', () => {
  let dir: string;
  beforeEach(() => { dir = tempDir(); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the exit status and wrapper pid the wrapper wrote', () => {
    writeFileSync(join(dir, 'exit_status'), '143\n');
    writeFileSync(join(dir, 'wrapper.pid'), '4242\n');
    assert.equal(readExitStatus(dir), 143);
    assert.equal(readWrapperPid(dir), 4242);
  });

  it('ignores a FIFO in place of exit_status instead of blocking on it', () => {
    execFileSync('mkfifo', [join(dir, 'exit_status')]);
    assert.equal(readExitStatus(dir), undefined);
  });

  it('does not follow a symlink a task put in place of its wrapper pid', () => {
    writeFileSync(join(dir, 'elsewhere'), '1\n');
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'wrapper.pid'));
    assert.equal(readWrapperPid(dir), undefined);
  });
});
