import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { withRemoteTimeout } from '../../../../src/provisioner/ssh/ssh2-session.js';

/** Runs a command line as sshd does: `$SHELL -c LINE`. */
const sh = (line: string) => spawnSync('/bin/sh', ['-c', line], { encoding: 'utf8', env: { ...process.env, SHELL: '/bin/sh', X: 'x value' } });

describe('exec timeouts on the host (timeout(1) around the command)', () => {
  it('leave the command\'s output, quoting and exit code unchanged', () => {
    const command = `echo 'single '"'"'quoted'"'"'' "$X" \\$X; printf '%s\\n' "a  b"; exit 3`;
    const direct = sh(command);
    const wrapped = sh(withRemoteTimeout(command, 5_000));
    assert.equal(wrapped.stdout, direct.stdout);
    assert.equal(wrapped.status, 3);
    assert.equal(direct.stdout, "single 'quoted' x value $X\na  b\n");
  });

  it('stop the command and what it started when the time is up', () => {
    const started = Date.now();
    const r = sh(withRemoteTimeout('sleep 7.31 & sleep 7.31; wait', 200));
    assert.equal(r.status, 124, 'timeout(1) reports a timeout as 124');
    assert.ok(Date.now() - started < 3_000);
    assert.equal(execFileSync('sh', ['-c', "pgrep -xf 'sleep 7.31' || true"], { encoding: 'utf8' }), '');
  });
});
