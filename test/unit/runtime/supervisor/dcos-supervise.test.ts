import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXIT_ALREADY_RUNNING, EXIT_USAGE } from '../../../../src/runtime/supervisor/options.js';
import { eventually, isAlive, listProcesses } from '../../../harness/proc.js';
import { killProcessesUnder } from '../../../harness/processes.js';

const MAIN = resolve('src/runtime/supervisor/main.ts');
// Absolute, since the supervisor runs in the test's directory, where `tsx` does not resolve.
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;

interface Run {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

/**
 * dcos-supervise as a real process (from source, as bin/dcos-supervise.js runs it from
 * dist), in a scratch directory that is also its working directory and its daemon's, so
 * that every process a test starts can be found and is gone afterwards.
 */
describe('dcos-supervise', function () {
  this.timeout(30_000);
  let dir: string;
  let runs: Run[];

  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'dcos-supervise-')));
    runs = [];
  });

  afterEach(async () => {
    await killProcessesUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  const pidfile = () => join(dir, 'run', 'svc.supervisor.pid');
  const childPidfile = () => join(dir, 'run', 'svc.pid');
  const logFile = () => join(dir, 'log', 'svc.log');
  const log = () => (existsSync(logFile()) ? readFileSync(logFile(), 'utf8') : '');
  const readPid = (file: string): number | undefined => {
    try {
      const pid = Number.parseInt(readFileSync(file, 'utf8'), 10); // "PID" or "PID STARTTIME"
      return pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  };

  const supervise = (command: string[], flags: string[] = [], name = 'svc'): Run => {
    const args = ['--import', TSX, MAIN, '--name', name, '--pidfile', pidfile(), '--child-pidfile', childPidfile(), '--log', logFile(),
      '--min-backoff-ms', '50', '--max-backoff-ms', '400', ...flags, '--', ...command];
    const child = spawn(process.execPath, args, { cwd: dir, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => { err += String(d); });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
    const run = { child, exited, stderr: () => err };
    runs.push(run);
    return run;
  };
  const daemonPid = (): Promise<number> => eventually(() => {
    const pid = readPid(childPidfile());
    return pid !== undefined && isAlive(pid) ? pid : undefined;
  }, 10_000, 'the daemon pidfile');
  /** Alive and not a zombie (an orphan is reaped by init, which may take its time). */
  const running = (pid: number): boolean => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
    } catch {
      return false;
    }
  };
  /** Processes (besides this one) whose working directory is the test's directory. */
  const processesHere = (): number[] => listProcesses().filter((p) => p.cwd === dir && p.pid !== process.pid).map((p) => p.pid);

  it('starts the daemon, records both pids, and starts a new daemon when the old one is SIGKILLed', async () => {
    const run = supervise(['sleep', '1000']);
    const first = await daemonPid();
    assert.equal(readPid(pidfile()), run.child.pid);
    process.kill(first, 'SIGKILL');
    const second = await eventually(() => {
      const pid = readPid(childPidfile());
      return pid !== undefined && pid !== first && isAlive(pid) ? pid : undefined;
    }, 10_000, 'a new daemon pid');
    assert.notEqual(second, first);
    assert.match(log(), new RegExp(`${first} killed by SIGKILL after .*; restarting in 50 ms`));
    assert.match(log(), new RegExp(`started ${second}: sleep 1000`));
  });

  it('waits longer after each quick death: 50, 100, 200, 400, 400 ms', async () => {
    supervise(['sh', '-c', 'echo daemon output; exit 7']);
    const delays = await eventually(() => {
      const found = [...log().matchAll(/exited with code 7 after \d+ ms; restarting in (\d+) ms/g)].map((m) => Number(m[1]));
      return found.length >= 5 ? found.slice(0, 5) : undefined;
    }, 10_000, 'five restarts');
    assert.deepEqual(delays, [50, 100, 200, 400, 400]);
    assert.match(log(), /daemon output/, "the daemon's output goes to the log");
  });

  it('on SIGTERM stops the daemon and itself, removes both pidfiles and exits 0, leaving nothing running', async () => {
    const run = supervise(['sleep', '1000']);
    const pid = await daemonPid();
    run.child.kill('SIGTERM');
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    assert.equal(isAlive(pid), false);
    assert.equal(existsSync(pidfile()), false);
    assert.equal(existsSync(childPidfile()), false);
    assert.deepEqual(processesHere(), []);
  });

  it('SIGKILLs the daemon and its process group when it ignores SIGTERM for --stop-grace-ms', async () => {
    const run = supervise(['sh', '-c', 'trap "" TERM; sleep 1000 & wait; sleep 1000'], ['--stop-grace-ms', '300']);
    const pid = await daemonPid();
    await eventually(() => processesHere().length >= 3, 5_000, 'the daemon and its own child');
    const started = Date.now();
    run.child.kill('SIGTERM');
    assert.deepEqual(await run.exited, { code: 0, signal: null });
    assert.ok(Date.now() - started >= 300, 'the daemon had its grace');
    assert.equal(isAlive(pid), false);
    assert.match(log(), /still running 300 ms after SIGTERM: SIGKILL/);
    await eventually(() => processesHere().length === 0, 3_000, 'the whole process group to be gone');
  });

  it('refuses to start a second supervisor of the same name, naming the first one, and leaves the first alone', async () => {
    const first = supervise(['sleep', '1000']);
    const daemon = await daemonPid();
    const second = supervise(['sleep', '1000']);
    assert.equal((await second.exited).code, EXIT_ALREADY_RUNNING);
    assert.match(second.stderr(), new RegExp(`svc is already supervised by pid ${first.child.pid} \\(${pidfile()}\\)`));
    assert.equal(readPid(pidfile()), first.child.pid);
    assert.equal(readPid(childPidfile()), daemon);
    assert.ok(isAlive(daemon));
    assert.equal(processesHere().length, 2, 'one supervisor, one daemon');
  });

  it('takes over a pidfile left by a supervisor that is gone', async () => {
    const dead = spawn('true');
    await new Promise((r) => dead.once('exit', r));
    mkdirSync(join(dir, 'run'), { recursive: true });
    writeFileSync(pidfile(), `${dead.pid}\n`);
    const run = supervise(['sleep', '1000']);
    await daemonPid();
    assert.equal(readPid(pidfile()), run.child.pid);
  });

  it('stops a daemon left running by a supervisor that was SIGKILLed before starting its own', async () => {
    const killed = supervise(['sleep', '1000']);
    const orphan = await daemonPid();
    killed.child.kill('SIGKILL');
    await killed.exited;
    assert.ok(isAlive(orphan), 'the daemon outlives its supervisor');
    supervise(['sleep', '1000']);
    const fresh = await eventually(() => {
      const pid = readPid(childPidfile());
      return pid !== undefined && pid !== orphan && isAlive(pid) ? pid : undefined;
    }, 10_000, 'the new daemon');
    assert.notEqual(fresh, orphan);
    assert.equal(running(orphan), false);
    assert.match(log(), new RegExp(`${orphan} is still running from an earlier supervisor: stopping it first`));
  });

  it('with --pidfile-start-time writes "PID STARTTIME" (field 22 of /proc/PID/stat) in both pidfiles', async () => {
    const run = supervise(['sleep', '1000'], ['--pidfile-start-time']);
    const daemon = await daemonPid();
    const startOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19];
    assert.equal(readFileSync(childPidfile(), 'utf8'), `${daemon} ${startOf(daemon)}\n`);
    await eventually(() => readPid(pidfile()) === run.child.pid, 5_000, 'the supervisor pidfile');
    assert.equal(readFileSync(pidfile(), 'utf8'), `${run.child.pid} ${startOf(run.child.pid!)}\n`);
  });

  it('with --adopt keeps the daemon a SIGKILLed supervisor left running (same pid), and starts a new one when it dies', async () => {
    const killed = supervise(['sleep', '1000'], ['--pidfile-start-time', '--adopt']);
    const daemon = await daemonPid();
    killed.child.kill('SIGKILL');
    await killed.exited;
    const adopter = supervise(['sleep', '1000'], ['--pidfile-start-time', '--adopt']);
    await eventually(() => log().includes(`adopted ${daemon}, still running from an earlier supervisor`), 10_000, 'the adoption');
    assert.ok(running(daemon), 'the daemon kept running');
    assert.equal(readPid(childPidfile()), daemon);
    assert.equal(processesHere().filter((p) => p !== adopter.child.pid).length, 1, 'one daemon, no second one');
    process.kill(daemon, 'SIGKILL');
    const next = await eventually(() => {
      const pid = readPid(childPidfile());
      return pid !== undefined && pid !== daemon && isAlive(pid) ? pid : undefined;
    }, 10_000, 'a new daemon');
    assert.match(log(), new RegExp(`${daemon} ended after .*; restarting in 50 ms`));
    adopter.child.kill('SIGTERM');
    assert.deepEqual(await adopter.exited, { code: 0, signal: null });
    assert.equal(running(next), false, 'stopping the supervisor stops the daemon it started after the adopted one');
  });

  it('neither adopts nor stops a process that holds the recorded daemon pid with another start time (a recycled pid)', async () => {
    // Someone else's process, with the very command line of the daemon, got the recorded pid.
    const stranger = spawn('sleep', ['1000'], { detached: true, stdio: 'ignore' });
    await new Promise((r) => stranger.once('spawn', r));
    try {
      mkdirSync(join(dir, 'run'), { recursive: true });
      writeFileSync(childPidfile(), `${stranger.pid} 1\n`);
      supervise(['sleep', '1000'], ['--pidfile-start-time', '--adopt']);
      const daemon = await eventually(() => {
        const pid = readPid(childPidfile());
        return pid !== undefined && pid !== stranger.pid && isAlive(pid) ? pid : undefined;
      }, 10_000, 'a daemon of its own');
      assert.notEqual(daemon, stranger.pid);
      assert.ok(running(stranger.pid!), 'the stranger was not signalled');
      assert.doesNotMatch(log(), /adopted|still running from an earlier supervisor/);
    } finally {
      stranger.kill('SIGKILL');
    }
  });

  it('on SIGHUP replaces the daemon at once', async () => {
    const run = supervise(['sleep', '1000']);
    const before = await daemonPid();
    run.child.kill('SIGHUP');
    const after = await eventually(() => {
      const pid = readPid(childPidfile());
      return pid !== undefined && pid !== before && isAlive(pid) ? pid : undefined;
    }, 10_000, 'the replacement daemon');
    assert.equal(isAlive(before), false);
    assert.ok(isAlive(run.child.pid!), 'the supervisor itself carries on');
    assert.match(log(), /SIGHUP: restarting the daemon/);
    assert.doesNotMatch(log(), /restarting in/, 'a restart asked for waits for no backoff');
    assert.match(log(), new RegExp(`started ${after}: sleep 1000`));
  });

  it('rejects a command line without the daemon or with a relative pidfile (exit 2, usage)', async () => {
    const noCommand = spawn(process.execPath, ['--import', TSX, MAIN, '--name', 'svc', '--pidfile', pidfile(), '--child-pidfile', childPidfile(), '--log', logFile()], { cwd: dir });
    let err = '';
    noCommand.stderr!.on('data', (d) => { err += String(d); });
    const [code] = await new Promise<[number | null]>((r) => noCommand.once('exit', (c) => r([c])));
    assert.equal(code, EXIT_USAGE);
    assert.match(err, /the command to supervise is missing \(after --\)\nusage: dcos-supervise/);

    const relative = spawn(process.execPath, ['--import', TSX, MAIN, '--name', 'svc', '--pidfile', 'svc.pid', '--child-pidfile', childPidfile(), '--log', logFile(), '--', 'sleep', '1'], { cwd: dir });
    let err2 = '';
    relative.stderr!.on('data', (d) => { err2 += String(d); });
    const [code2] = await new Promise<[number | null]>((r) => relative.once('exit', (c) => r([c])));
    assert.equal(code2, EXIT_USAGE);
    assert.match(err2, /--pidfile must be an absolute path, got "svc.pid"/);
  });
});
