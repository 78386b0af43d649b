import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ClusterValidate from '../../../../src/commands/cluster/validate.js';
import { runCommand } from '../../commands/harness.js';

/** `dcos cluster validate FILE`, run in-process as the CLI runs it. */
describe('dcos cluster validate', () => {
  let dir: string;
  let cwd: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-validate-'));
    cwd = process.cwd();
    process.chdir(dir); // files are named as the user typed them: relative here
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  const VALID = [
    'name: prod',
    'ssh: {keyFile: ~/.ssh/id_ed25519}',
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
});
