import assert from 'node:assert/strict';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../../src/core/clock.js';
import { Supervisor, type ExitEvent, type SupervisorOptions } from '../../../../src/runtime/supervisor/supervisor.js';
import { eventually, isAlive, isRunning } from '../../../harness/proc.js';
import { killProcessesUnder } from '../../../harness/processes.js';

/**
 * The Supervisor with real children and a manual clock: processes really start and die,
 * but the backoff between a death and the next start only passes when the test says so.
 */
describe('Supervisor', function () {
  this.timeout(20_000);
  let dir: string;
  let clock: ManualClock;
  let lines: string[];
  let supervisors: Supervisor[];

  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'dcos-supervisor-')));
    clock = new ManualClock();
    lines = [];
    supervisors = [];
  });

  afterEach(async () => {
    for (const s of supervisors) await s.stop();
    await killProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  const supervisor = (command: string, args: string[], over: Partial<SupervisorOptions> = {}): Supervisor => {
    const s = new Supervisor({
      name: 'test-daemon',
      command,
      args,
      childPidfile: join(dir, 'daemon.pid'),
      logFile: join(dir, 'daemon.log'),
      minBackoffMs: 100,
      maxBackoffMs: 800,
      stopGraceMs: 2_000,
      clock,
      log: (m) => lines.push(m),
      cwd: dir,
      ...over,
    });
    supervisors.push(s);
    return s;
  };
  const nextExit = async (s: Supervisor): Promise<ExitEvent> => (await once(s, 'exit'))[0] as ExitEvent;
  const nextSpawn = async (s: Supervisor): Promise<number> => (await once(s, 'spawn'))[0] as number;

  it('restarts a daemon that dies at once after 100, 200, 400, 800, 800 ms of clock time, and not before', async () => {
    const s = supervisor('sh', ['-c', 'echo run >> runs; exit 3']);
    let exit = nextExit(s);
    await s.start();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const e = await exit;
      assert.equal(e.code, 3);
      delays.push(e.restartInMs!);
      clock.advance(e.restartInMs! - 1);
      assert.equal(s.pid, undefined, 'nothing runs before the backoff has passed');
      exit = nextExit(s);
      const spawned = nextSpawn(s);
      clock.advance(1);
      await spawned;
    }
    await exit;
    assert.deepEqual(delays, [100, 200, 400, 800, 800]);
    assert.equal(readFileSync(join(dir, 'runs'), 'utf8').trim().split('\n').length, 6);
    assert.match(lines.join('\n'), /exited with code 3 after \d+ ms; restarting in 800 ms/);
  });

  it('starts from the minimum again once the daemon stayed up for 60 s', async () => {
    const s = supervisor('sleep', ['1000']);
    const first = nextSpawn(s);
    await s.start();
    const pid = await first;
    clock.advance(60_000);
    const exit = nextExit(s);
    process.kill(pid, 'SIGKILL');
    const e = await exit;
    assert.equal(e.signal, 'SIGKILL');
    assert.equal(e.restartInMs, 100);
  });

  it('records the daemon in its pidfile while it runs and removes it when the daemon dies', async () => {
    const s = supervisor('sleep', ['1000']);
    const spawned = nextSpawn(s);
    await s.start();
    const pid = await spawned;
    assert.equal(readFileSync(join(dir, 'daemon.pid'), 'utf8'), `${pid}\n`);
    const exit = nextExit(s);
    process.kill(pid, 'SIGKILL');
    await exit;
    assert.equal(existsSync(join(dir, 'daemon.pid')), false);
  });

  it('keeps trying a command that cannot start, logging why', async () => {
    const s = supervisor(join(dir, 'no-such-daemon'), []);
    const exit = nextExit(s);
    await s.start();
    const e = await exit;
    assert.equal(e.restartInMs, 100);
    assert.match(lines.join('\n'), /cannot start .*no-such-daemon: spawn .* ENOENT/);
    const again = nextExit(s);
    clock.advance(100);
    assert.equal((await again).restartInMs, 200);
  });

  it('restart() replaces a running daemon at once and forgets past deaths; stop() during a backoff starts nothing more', async () => {
    const s = supervisor('sleep', ['1000']);
    let spawned = nextSpawn(s);
    await s.start();
    const first = await spawned;
    let exit = nextExit(s);
    process.kill(first, 'SIGKILL');
    assert.equal((await exit).restartInMs, 100);
    spawned = nextSpawn(s);
    clock.advance(100);
    const second = await spawned;
    spawned = nextSpawn(s);
    await s.restart();
    const third = await spawned;
    assert.notEqual(third, second);
    assert.equal(isAlive(second), false);
    exit = nextExit(s);
    process.kill(third, 'SIGKILL');
    assert.equal((await exit).restartInMs, 100, 'not 200: the restart was asked for, not a failure');
    await s.stop();
    clock.advance(10_000);
    assert.equal(s.pid, undefined);
  });

  it('adopt: watches a daemon left by an earlier supervisor on its clock (no restart while it lives), and restarts it after the backoff once it is gone', async () => {
    const orphan = spawn('sleep', ['1000'], { cwd: dir, detached: true, stdio: 'ignore' });
    await new Promise((r) => orphan.once('spawn', r));
    const startTime = readFileSync(`/proc/${orphan.pid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
    writeFileSync(join(dir, 'daemon.pid'), `${orphan.pid} ${startTime}\n`);
    const s = supervisor('sleep', ['1000'], { adopt: true, adoptPollMs: 250, pidfileStartTime: true });
    const adopted = once(s, 'adopt');
    await s.start();
    assert.equal((await adopted)[0], orphan.pid);
    assert.equal(s.pid, orphan.pid);
    clock.advance(1_000);
    assert.equal(s.pid, orphan.pid, 'still watched, not replaced');

    process.kill(orphan.pid!, 'SIGKILL');
    await eventually(() => !isRunning(orphan.pid!), 5_000, 'the orphan to die');
    const exit = nextExit(s);
    clock.advance(249);
    assert.equal(s.pid, orphan.pid, 'its end is seen at the next poll, not before');
    clock.advance(1);
    const e = await exit;
    assert.deepEqual([e.pid, e.code, e.signal, e.restartInMs], [orphan.pid, null, null, 100]);
    const spawned = nextSpawn(s);
    clock.advance(100);
    const replacement = await spawned;
    assert.notEqual(replacement, orphan.pid);
    assert.match(readFileSync(join(dir, 'daemon.pid'), 'utf8'), new RegExp(`^${replacement} \\d+\n$`));
    assert.match(lines.join('\n'), new RegExp(`adopted ${orphan.pid}, still running from an earlier supervisor`));
  });
});
