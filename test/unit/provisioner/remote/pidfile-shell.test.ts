import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseProcStat } from '../../../../src/core/proc-stat.js';
import { PIDFILE_FUNCTIONS } from '../../../../src/provisioner/remote/pidfile-shell.js';

/** Runs `pid_of FILE` in sh, as the scripts sent to hosts do. */
function pidOf(file: string): string {
  return execFileSync('sh', ['-c', `${PIDFILE_FUNCTIONS}pid_of "$1" || echo none`, 'sh', file], { encoding: 'utf8' }).trim();
}

describe('pid_of (pidfiles on hosts)', () => {
  let dir: string;
  let sleeper: ReturnType<typeof spawn>;
  let startTime: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-pidfile-'));
    // A command name with a space and a parenthesis, which naive /proc/PID/stat parsing gets wrong.
    const oddName = join(dir, 'x) y');
    copyFileSync(execFileSync('sh', ['-c', 'command -v sleep'], { encoding: 'utf8' }).trim(), oddName);
    chmodSync(oddName, 0o755);
    sleeper = spawn(oddName, ['60'], { stdio: 'ignore' });
    assert.match(readFileSync(`/proc/${sleeper.pid}/stat`, 'utf8'), /\(x\) y\)/);
    startTime = parseProcStat(readFileSync(`/proc/${sleeper.pid}/stat`, 'utf8'))!.startTime;
  });
  after(() => {
    sleeper.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the process that still has the recorded pid and start time', () => {
    writeFileSync(join(dir, 'a.pid'), `${sleeper.pid} ${startTime}\n`);
    assert.equal(pidOf(join(dir, 'a.pid')), String(sleeper.pid));
  });

  it('names nobody when the pid now belongs to a process with another start time (a recycled pid)', () => {
    writeFileSync(join(dir, 'b.pid'), `${sleeper.pid} ${Number(startTime) - 1}\n`);
    assert.equal(pidOf(join(dir, 'b.pid')), 'none');
  });

  it('names nobody for a dead process, a missing or a garbled pidfile', () => {
    writeFileSync(join(dir, 'c.pid'), '4194999 123\n');
    assert.equal(pidOf(join(dir, 'c.pid')), 'none');
    assert.equal(pidOf(join(dir, 'missing.pid')), 'none');
    writeFileSync(join(dir, 'd.pid'), 'not-a-pid\n');
    assert.equal(pidOf(join(dir, 'd.pid')), 'none');
  });

  it('takes a pidfile of an older install, with a pid only and no newline, at its word', () => {
    writeFileSync(join(dir, 'e.pid'), String(sleeper.pid));
    assert.equal(pidOf(join(dir, 'e.pid')), String(sleeper.pid));
  });
});
