import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ClusterValidate from '../../../../src/commands/cluster/validate.js';
import { runCommand } from '../../commands/harness.js';

/** `dcos cluster validate FILE`, run in-process as the CLI runs it. */
describe('dcos cluster validate', () => {
  let dir: string;
  let cwd: string;
  const agentSocket = process.env.SSH_AUTH_SOCK;
  const keygen = (file: string, passphrase = '') => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', file]);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-validate-'));
    cwd = process.cwd();
    process.chdir(dir); // files are named as the user typed them: relative here
    keygen(join(dir, 'id_ed25519'));
    delete process.env.SSH_AUTH_SOCK; // validate reads whether ssh-agent runs; each test says so itself
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
    if (agentSocket === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = agentSocket;
  });

  const VALID = [
    'name: prod',
    'ssh: {keyFile: id_ed25519}',
    'masters: [{host: 10.0.0.1}]',
    'agents:',
    '  - host: 10.0.0.11',
    '  - host: 10.0.0.12',
    '  - host: 10.0.0.13',
    '  - host: 10.0.0.14',
    '',
  ].join('\n');

  it('says a valid file is valid and what it describes; exit 0', async () => {
    writeFileSync('cluster.yaml', VALID);
    const r = await runCommand(ClusterValidate, ['cluster.yaml']);
    assert.equal(r.stdout, 'cluster.yaml is valid: cluster "prod", 1 master, 4 agents (0 public)\n');
    assert.equal(r.stderr, '');
    assert.equal(r.exitCode, 0);
  });

  it('with --json prints the compiled cluster, defaults resolved', async () => {
    writeFileSync('cluster.yaml', VALID.replace('  - host: 10.0.0.14', 'publicAgents: [{host: 10.0.0.21}]'));
    const r = await runCommand(ClusterValidate, ['cluster.yaml', '--json']);
    assert.equal(r.exitCode, 0);
    const spec = JSON.parse(r.stdout);
    assert.equal(spec.file, join(dir, 'cluster.yaml'));
    assert.deepEqual(spec.agents.map((a: { name: string; role: string }) => `${a.name}/${a.role}`), ['agent-1/agent', 'agent-2/agent', 'agent-3/agent', 'public-agent-1/public-agent']);
    assert.deepEqual(spec.ports, { master: 5050, agent: 5051, tasks: [31000, 32000] });
  });

  const INVALID = [
    'name: prod',
    'ssh: {kefile: ~/.ssh/id_ed25519}',
    'masters: [{host: 10.0.0.1}, {host: 10.0.0.2}]',
    'agents:',
    '  - host: 10.0.0.11',
    '    port: 70000',
    '',
  ].join('\n');

  it('prints one aligned line per problem, sorted by line, then a summary; exit 2', async () => {
    writeFileSync('cluster.yaml', INVALID);
    const r = await runCommand(ClusterValidate, ['cluster.yaml']);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, [
      'cluster.yaml:2:7   /ssh/kefile     is not a known key  (hint: did you mean `keyFile`?)',
      'cluster.yaml:3:1   /masters        must list 1, 3 or 5 masters, not 2  (hint: use 1, 3 or 5 masters: a quorum needs an odd number)',
      'cluster.yaml:6:11  /agents/0/port  must be an integer from 1 to 65535',
      'Error: cluster.yaml: 3 problems',
      '',
    ].join('\n'));
    assert.equal(r.exitCode, 2);
  });

  it('with --json prints the standard error object, each detail with its location and hint; exit 2', async () => {
    writeFileSync('cluster.yaml', INVALID);
    const r = await runCommand(ClusterValidate, ['cluster.yaml', '--json']);
    assert.equal(r.exitCode, 2);
    assert.equal(r.stderr, '');
    const { error } = JSON.parse(r.stdout);
    assert.equal(error.code, 'DCOS_ERR_INVALID_DEFINITION');
    assert.equal(error.message, 'cluster.yaml: 3 problems');
    assert.deepEqual(error.details[0], {
      path: '/ssh/kefile',
      errors: ['is not a known key'],
      location: { file: 'cluster.yaml', line: 2, column: 7 },
      hint: 'did you mean `keyFile`?',
    });
    assert.deepEqual(error.details.map((d: { path: string }) => d.path), ['/ssh/kefile', '/masters', '/agents/0/port']);
  });

  it('reports a YAML syntax error with its line', async () => {
    writeFileSync('cluster.yaml', `${VALID}\tports: {}\n`);
    const r = await runCommand(ClusterValidate, ['cluster.yaml']);
    assert.equal(r.stderr, [
      'cluster.yaml:9:1  /  YAML: Tabs are not allowed as indentation  (hint: indent with spaces; YAML does not allow tabs)',
      'Error: cluster.yaml: 1 problem',
      '',
    ].join('\n'));
    assert.equal(r.exitCode, 2);
  });

  it('a file it cannot read, or no file named, is a usage error; exit 2', async () => {
    const missing = await runCommand(ClusterValidate, ['nope.yaml']);
    assert.equal(missing.stderr, 'Error: cannot read cluster file nope.yaml: no such file\n');
    assert.equal(missing.exitCode, 2);
    const none = await runCommand(ClusterValidate, []);
    assert.match(none.stderr, /^Error: Missing 1 required arg/);
    assert.equal(none.exitCode, 2);
  });

  describe('key files, read on this machine', () => {
    it('reports a missing, unreadable or wrong key file at its keyFile entry, with line and column; exit 2', async () => {
      mkdirSync('keys');
      keygen(join(dir, 'keys', 'agent-2'));
      writeFileSync('cluster.yaml', [
        'name: prod',
        'ssh:',
        '  keyFile: keys/missing        # the default of every node without its own',
        'masters: [{host: 10.0.0.1}]',
        'agents:',
        '  - host: 10.0.0.11',
        '  - {host: 10.0.0.12, keyFile: keys/agent-2.pub}',
        '  - host: 10.0.0.13',
        '    keyFile: keys',
        '',
      ].join('\n'));
      const r = await runCommand(ClusterValidate, ['cluster.yaml']);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, [
        `cluster.yaml:3:12  /ssh/keyFile       cannot be read: no such file (${dir}/keys/missing)  (hint: create a key with \`ssh-keygen -t ed25519 -f ${dir}/keys/missing\`, or fix the path)`,
        `cluster.yaml:7:32  /agents/1/keyFile  holds a public key (${dir}/keys/agent-2.pub)  (hint: give the private key (the file without .pub))`,
        `cluster.yaml:9:14  /agents/2/keyFile  is a directory (${dir}/keys)  (hint: give the private key file in it, e.g. ~/.ssh/id_ed25519)`,
        'Error: cluster.yaml: 3 problems',
        '',
      ].join('\n'));
      assert.equal(r.exitCode, 2);
    });

    it('with --json, gives the key file problem with its location, like every other problem', async () => {
      writeFileSync('cluster.yaml', VALID.replace('keyFile: id_ed25519', 'keyFile: ~/no-such-key-here'));
      const r = await runCommand(ClusterValidate, ['cluster.yaml', '--json']);
      assert.equal(r.exitCode, 2);
      const [detail] = JSON.parse(r.stdout).error.details;
      assert.equal(detail.path, '/ssh/keyFile');
      assert.deepEqual(detail.location, { file: 'cluster.yaml', line: 2, column: 16 });
      assert.match(detail.errors[0], /^cannot be read: no such file \(.*\/no-such-key-here\)$/);
    });

    it('accepts a key protected by a passphrase when ssh-agent runs, and otherwise says to ssh-add it', async () => {
      keygen(join(dir, 'locked'), 'a pass phrase');
      writeFileSync('cluster.yaml', VALID.replace('keyFile: id_ed25519', 'keyFile: locked'));
      const without = await runCommand(ClusterValidate, ['cluster.yaml']);
      assert.equal(without.stderr.split('\n')[0],
        `cluster.yaml:2:16  /ssh/keyFile  is protected by a passphrase, and no ssh-agent runs (SSH_AUTH_SOCK is not set) (${dir}/locked)  (hint: dcos never asks for passphrases: start ssh-agent and \`ssh-add ${dir}/locked\`)`);
      assert.equal(without.exitCode, 2);
      process.env.SSH_AUTH_SOCK = join(dir, 'agent.sock');
      const withAgent = await runCommand(ClusterValidate, ['cluster.yaml']);
      assert.equal(withAgent.exitCode, 0, withAgent.stderr);
    });

    it('needs no keyFile when ssh-agent runs; without one, a keyFile is required', async () => {
      writeFileSync('cluster.yaml', VALID.replace('ssh: {keyFile: id_ed25519}\n', ''));
      const without = await runCommand(ClusterValidate, ['cluster.yaml']);
      assert.match(without.stderr, /^cluster\.yaml:1:1 +\/ssh\/keyFile +is required: no node sets its own `keyFile`/);
      process.env.SSH_AUTH_SOCK = join(dir, 'agent.sock');
      const withAgent = await runCommand(ClusterValidate, ['cluster.yaml', '--json']);
      assert.equal(withAgent.exitCode, 0, withAgent.stdout);
      assert.equal(JSON.parse(withAgent.stdout).masters[0].ssh.keyFile, undefined, 'the keys of ssh-agent');
    });
  });
});
