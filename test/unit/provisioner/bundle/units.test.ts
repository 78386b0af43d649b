import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DcosError } from '../../../../src/core/errors.js';
import { shellArg } from '../../../../src/provisioner/remote/shell-quote.js';
import { renderUnit, supervisorCommand, systemdArg, type UnitView } from '../../../../src/provisioner/remote/units.js';

// src/provisioner/remote/units.ts: kept beside the bundle tests (the runtime a host runs and how it is started).

const view = (over: Partial<UnitView> = {}): UnitView => ({
  nodeBinary: '/opt/dcos/current/node/bin/node',
  entry: '/opt/dcos/current/bin/dcos-agent.js',
  args: ['--master', 'http://127.0.0.2:5050', '--listen', '127.0.0.3:5051', '--work-dir', '/var/lib/dcos/agent', '--node-token-file', '/etc/dcos/secrets/node-token'],
  workingDirectory: '/var/lib/dcos/agent',
  user: 'root',
  description: 'dcos-toolkit agent agent-1 of cluster prod',
  ...over,
});

const setting = (unit: string, key: string): string[] =>
  unit.split('\n').filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));

describe('systemd units', () => {
  it('runs the agent with the bundled node, restarts it always after 1 s, and stops only the agent process (its tasks survive)', () => {
    const unit = renderUnit('agent', view());
    assert.deepEqual(setting(unit, 'ExecStart'), [
      '/opt/dcos/current/node/bin/node /opt/dcos/current/bin/dcos-agent.js --master http://127.0.0.2:5050 --listen 127.0.0.3:5051 '
      + '--work-dir /var/lib/dcos/agent --node-token-file /etc/dcos/secrets/node-token',
    ]);
    assert.deepEqual(setting(unit, 'Restart'), ['always']);
    assert.deepEqual(setting(unit, 'RestartSec'), ['1']);
    assert.deepEqual(setting(unit, 'KillMode'), ['process']);
    assert.deepEqual(setting(unit, 'LimitNOFILE'), ['65536']);
    assert.deepEqual(setting(unit, 'StartLimitIntervalSec'), ['0']);
    assert.deepEqual(setting(unit, 'User'), ['root']);
    assert.deepEqual(setting(unit, 'WorkingDirectory'), ['/var/lib/dcos/agent']);
    assert.deepEqual(setting(unit, 'Description'), ['dcos-toolkit agent agent-1 of cluster prod']);
    assert.deepEqual(setting(unit, 'WantedBy'), ['multi-user.target']);
    assert.match(unit, /^\[Unit\]$[\s\S]*^\[Service\]$[\s\S]*^\[Install\]$/m);
  });

  it('gives public agents the agent unit and masters KillMode=mixed', () => {
    assert.equal(renderUnit('public-agent', view()), renderUnit('agent', view()));
    const master = renderUnit('master', view({ entry: '/opt/dcos/current/bin/dcos-master.js', args: ['--listen', '127.0.0.2:5050'] }));
    assert.deepEqual(setting(master, 'KillMode'), ['mixed']);
    assert.deepEqual(setting(master, 'Restart'), ['always']);
    assert.deepEqual(setting(master, 'LimitNOFILE'), ['65536']);
    assert.deepEqual(setting(master, 'ExecStart'), ['/opt/dcos/current/node/bin/node /opt/dcos/current/bin/dcos-master.js --listen 127.0.0.2:5050']);
  });

  it('quotes an ExecStart argument with a space, and escapes quotes, backslashes, $ and % inside it', () => {
    const unit = renderUnit('agent', view({ args: ['--attributes', 'rack:r 1', 'say "hi" \\ $HOME 100%', ';', ''] }));
    assert.deepEqual(setting(unit, 'ExecStart'), [
      '/opt/dcos/current/node/bin/node /opt/dcos/current/bin/dcos-agent.js --attributes "rack:r 1" "say \\"hi\\" \\\\ $$HOME 100%%" \\; ""',
    ]);
    assert.equal(systemdArg('/plain/path-1.2_x'), '/plain/path-1.2_x');
  });

  it('escapes % in the description and working directory, and nothing HTML-like', () => {
    const unit = renderUnit('agent', view({ description: 'cluster <a&b> at 100%', workingDirectory: '/srv/dcos 1/%agent' }));
    assert.deepEqual(setting(unit, 'Description'), ['cluster <a&b> at 100%%']);
    assert.deepEqual(setting(unit, 'WorkingDirectory'), ['/srv/dcos 1/%%agent']);
  });

  it('refuses values that would inject settings (newlines), relative paths and odd user names', () => {
    assert.throws(() => renderUnit('agent', view({ args: ['x\nExecStartPre=/bin/evil'] })), (e: DcosError) => /control character/.test(e.message));
    assert.throws(() => renderUnit('agent', view({ description: 'a\n[Service]' })), /control character/);
    assert.throws(() => renderUnit('agent', view({ nodeBinary: 'node' })), /the node binary "node": not an absolute path/);
    assert.throws(() => renderUnit('agent', view({ user: 'root; rm' })), /not a user name/);
  });

  it('holds no secret: nothing but the view goes into it', () => {
    const unit = renderUnit('master', view());
    assert.doesNotMatch(unit, /Environment=/);
    for (const line of unit.split('\n').filter((l) => l && !l.startsWith('#') && !l.startsWith('['))) {
      assert.match(line, /^[A-Za-z]+=/, `only settings: ${line}`);
    }
  });
});

describe('supervisorCommand', () => {
  let dir: string;
  beforeEach(() => { dir = realpathSync(mkdtempSync(join(tmpdir(), 'dcos-units-'))); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const opts = (command: string[]) => ({
    nodeBinary: '/opt/dcos/current/node/bin/node',
    supervisorEntry: '/opt/dcos/current/bin/dcos-supervise.js',
    name: 'dcos-agent',
    pidfile: '/var/lib/dcos/run/dcos-agent.supervisor.pid',
    childPidfile: '/var/lib/dcos/run/dcos-agent.pid',
    logFile: join(dir, 'dcos agent.log'),
    command,
  });

  it('builds a setsid -f line with the flags, the daemon after --, stdin from /dev/null and output appended to the log', () => {
    const line = supervisorCommand({ ...opts(['/opt/dcos/current/node/bin/node', '/opt/dcos/current/bin/dcos-agent.js', '--listen', '127.0.0.3:5051']), minBackoffMs: 100 });
    assert.equal(line,
      `setsid -f /opt/dcos/current/node/bin/node /opt/dcos/current/bin/dcos-supervise.js --name dcos-agent `
      + `--pidfile /var/lib/dcos/run/dcos-agent.supervisor.pid --child-pidfile /var/lib/dcos/run/dcos-agent.pid `
      + `--log '${dir}/dcos agent.log' --pidfile-start-time --min-backoff-ms 100 -- /opt/dcos/current/node/bin/node /opt/dcos/current/bin/dcos-agent.js `
      + `--listen 127.0.0.3:5051 </dev/null >>'${dir}/dcos agent.log' 2>&1`);
  });

  it('gives sh exactly the argv it was given, whatever the arguments hold', () => {
    // A stand-in setsid on PATH records the argv sh passes it, one argument per line (NUL-separated).
    writeFileSync(join(dir, 'setsid'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > ${shellArg(join(dir, 'argv'))}\necho to-the-log\n`);
    chmodSync(join(dir, 'setsid'), 0o755);
    const tricky = ["it's", 'a b', '$HOME', '`id`', '*', 'x;y', '"q"', 'back\\slash', 'new\nline', '', '--', '%s'];
    const o = opts(['/bin/node', '/bin/agent.js', ...tricky]);
    execFileSync('sh', ['-c', supervisorCommand(o)], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, HOME: '/root' }, cwd: dir });
    const argv = readFileSync(join(dir, 'argv'), 'utf8').split('\0').slice(0, -1);
    assert.deepEqual(argv, [
      '-f', o.nodeBinary, o.supervisorEntry, '--name', 'dcos-agent', '--pidfile', o.pidfile, '--child-pidfile', o.childPidfile,
      '--log', o.logFile, '--pidfile-start-time', '--', '/bin/node', '/bin/agent.js', ...tricky,
    ]);
    assert.equal(readFileSync(o.logFile, 'utf8'), 'to-the-log\n');
  });
});
