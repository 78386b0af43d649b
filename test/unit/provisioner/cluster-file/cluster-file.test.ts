import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DcosError, ErrorCodes, type ValidationDetail } from '../../../../src/core/errors.js';
import { loadClusterFile, parseClusterFile } from '../../../../src/provisioner/cluster-file/cluster-file.js';

const HOME = '/home/op';
const lines = (...l: string[]) => `${l.join('\n')}\n`;

/** A valid file; tests change one thing in it. */
const MINIMAL = lines(
  'name: prod',
  'ssh:',
  '  keyFile: ~/.ssh/id_ed25519',
  'masters:',
  '  - host: 10.0.0.1',
  'agents:',
  '  - host: 10.0.0.11',
);

function parse(text: string, file = '/work/cluster.yaml') {
  return parseClusterFile(text, file, { homeDir: HOME });
}

/** The details of the error a file raises (fails the test when it parses). */
function problems(text: string, file = 'cluster.yaml'): ValidationDetail[] {
  try {
    parse(text, file);
  } catch (err) {
    assert.ok(err instanceof DcosError, String(err));
    assert.equal(err.code, ErrorCodes.INVALID_DEFINITION);
    assert.equal(err.message, `${file}: ${err.details!.length} problem${err.details!.length === 1 ? '' : 's'}`);
    return err.details!;
  }
  assert.fail('the file was accepted');
}

/** The one problem of a file, as `line:column path message (hint)` fields. */
function only(text: string): { at: string; path: string; errors: string[]; hint?: string } {
  const details = problems(text);
  assert.equal(details.length, 1, JSON.stringify(details, null, 2));
  const [d] = details;
  return { at: `${d.location!.line}:${d.location!.column}`, path: d.path, errors: d.errors, ...(d.hint ? { hint: d.hint } : {}) };
}

describe('cluster file', () => {
  describe('a valid file', () => {
    it('compiles a minimal file with every default resolved', () => {
      assert.deepEqual(parse(MINIMAL), {
        name: 'prod',
        file: '/work/cluster.yaml',
        masters: [{
          name: 'master-1',
          role: 'master',
          ssh: { host: '10.0.0.1', port: 22, user: 'root', keyFile: '/home/op/.ssh/id_ed25519' },
          address: '10.0.0.1',
          attributes: {},
          resources: {},
        }],
        agents: [{
          name: 'agent-1',
          role: 'agent',
          ssh: { host: '10.0.0.11', port: 22, user: 'root', keyFile: '/home/op/.ssh/id_ed25519' },
          address: '10.0.0.11',
          attributes: {},
          resources: {},
        }],
        ports: { master: 5050, agent: 5051, tasks: [31000, 32000] },
        paths: { install: '/opt/dcos', state: '/var/lib/dcos', config: '/etc/dcos' },
        options: { agentPingTimeoutMs: 15000, sshParallelism: 20, upgradeBatchSize: 1, connectTimeoutMs: 10000, placement: 'spread' },
      });
    });

    it('names nodes by role in file order, public agents after private ones, with per-node SSH overrides', () => {
      const spec = parse(lines(
        'name: edge.eu-1',
        'ssh: {user: admin, port: 2200, keyFile: keys/id}',
        'masters: [{host: m1}, {host: m2}, {host: m3, hostKey: "SHA256:tkKMcGKa+Pu+1VRNRsB2lL2ydAgXQ7958m/1ScdSxIM"}]',
        'publicAgents: [{host: p1, address: 192.168.0.21}]',
        'agents: [{host: a1, user: ops, port: 22, keyFile: /etc/keys/a1}, {host: a2, keyFile: "~"}]',
      ), '/work/clusters/edge.yaml');
      assert.deepEqual([...spec.masters, ...spec.agents].map((n) => [n.name, n.role, n.ssh.host, n.address]), [
        ['master-1', 'master', 'm1', 'm1'],
        ['master-2', 'master', 'm2', 'm2'],
        ['master-3', 'master', 'm3', 'm3'],
        ['agent-1', 'agent', 'a1', 'a1'],
        ['agent-2', 'agent', 'a2', 'a2'],
        ['public-agent-1', 'public-agent', 'p1', '192.168.0.21'],
      ]);
      assert.deepEqual(spec.masters[0].ssh, { host: 'm1', port: 2200, user: 'admin', keyFile: '/work/clusters/keys/id' });
      assert.equal(spec.masters[2].ssh.hostKey, 'SHA256:tkKMcGKa+Pu+1VRNRsB2lL2ydAgXQ7958m/1ScdSxIM');
      assert.deepEqual(spec.agents[0].ssh, { host: 'a1', port: 22, user: 'ops', keyFile: '/etc/keys/a1' });
      assert.equal(spec.agents[1].ssh.keyFile, HOME);
    });

    it('keeps attribute values as written, as strings, and resources as given', () => {
      const spec = parse(MINIMAL.replace('  - host: 10.0.0.11', '  - host: 10.0.0.11\n    attributes: {rack: 01, weight: 1.50, zone: eu-1a}\n    resources: {cpus: 4, mem: 8192}'));
      assert.deepEqual(spec.agents[0].attributes, { rack: '01', weight: '1.50', zone: 'eu-1a' });
      assert.deepEqual(spec.agents[0].resources, { cpus: 4, mem: 8192 });
    });

    it('takes ports, paths and options as given, paths normalized', () => {
      const spec = parse(`${MINIMAL}ports: {master: 6050, agent: 6051, tasks: "20000 - 20999"}\npaths: {install: /srv/dcos/, state: /data/dcos, config: /srv/etc}\noptions: {sshParallelism: 5, placement: binpack}\n`);
      assert.deepEqual(spec.ports, { master: 6050, agent: 6051, tasks: [20000, 20999] });
      assert.deepEqual(spec.paths, { install: '/srv/dcos', state: '/data/dcos', config: '/srv/etc' });
      assert.deepEqual(spec.options, { agentPingTimeoutMs: 15000, sshParallelism: 5, upgradeBatchSize: 1, connectTimeoutMs: 10000, placement: 'binpack' });
    });

    it('accepts the documented example, templates/cluster.example.yaml', async () => {
      const file = fileURLToPath(new URL('../../../../templates/cluster.example.yaml', import.meta.url));
      // Its key files are those of an operator's machine, not this one.
      const spec = await loadClusterFile(file, { homeDir: HOME, localKeys: { agent: false, read: () => ({ usable: true, encrypted: false, key: Buffer.alloc(0) }) } });
      assert.equal(spec.name, 'prod');
      assert.equal(spec.file, file);
      assert.deepEqual(spec.agents.map((a) => a.name), ['agent-1', 'agent-2', 'agent-3', 'public-agent-1']);
      assert.deepEqual(spec.agents[2].ssh, { host: 'build-3.internal', port: 2222, user: 'admin', keyFile: '/home/op/.ssh/build_ed25519' });
      assert.equal(spec.agents[2].address, '10.0.1.13');
      // The example states the defaults: compiling it without them changes nothing.
      const withoutDefaults = readFileSync(file, 'utf8').replace(/^(ports|paths|options):\n(  .*\n|\s*#.*\n)*/gm, '');
      const bare = parse(withoutDefaults, file);
      assert.deepEqual([bare.ports, bare.paths, bare.options], [spec.ports, spec.paths, spec.options]);
    });
  });

  describe('problems, each with its path, line:column, message and hint', () => {
    const agentLine = (extra: string) => MINIMAL.replace('  - host: 10.0.0.11\n', `  - host: 10.0.0.11\n${extra}`);

    it('an unknown key: at the key, suggesting the known key it resembles, and not also "keyFile is required"', () => {
      assert.deepEqual(only(MINIMAL.replace('  keyFile:', '  kefile:')), {
        at: '3:3', path: '/ssh/kefile', errors: ['is not a known key'], hint: 'did you mean `keyFile`?',
      });
    });

    it('an unknown key that belongs to a section, or to DC/OS config.yaml, names its place', () => {
      assert.deepEqual(only(`${MINIMAL}ssh_user: admin\n`), { at: '8:1', path: '/ssh_user', errors: ['is not a known key'], hint: 'did you mean `ssh.user`?' });
      assert.deepEqual(only(MINIMAL.replace('ssh:\n  keyFile:', 'ssh_key_path:')).hint, 'did you mean `ssh.keyFile`?');
      assert.deepEqual(only(MINIMAL.replace('masters:', 'master_list:')).hint, 'did you mean `masters`?');
    });

    it('an unknown key like no known one: lists the keys allowed there', () => {
      assert.deepEqual(only(agentLine('    colour: red\n')), {
        at: '8:5', path: '/agents/0/colour', errors: ['is not a known key'],
        hint: 'known keys here: host, port, user, keyFile, hostKey, address, attributes, resources',
      });
    });

    it('a wrong type: what is expected, with an example', () => {
      assert.deepEqual(only(agentLine('    port: abc\n')), {
        at: '8:11', path: '/agents/0/port', errors: ['must be an integer from 1 to 65535'], hint: 'e.g. `port: 22`',
      });
      assert.deepEqual(only(agentLine('    port:\n')), {
        at: '8:5', path: '/agents/0/port', errors: ['must be an integer from 1 to 65535'],
        hint: "the value is empty (nothing, `~` and `null` are YAML's null): e.g. `port: 22`",
      });
      assert.deepEqual(only(agentLine('    port: "2222"\n')).hint, 'quoted, it is a string: write `port: 2222` without quotes');
      assert.deepEqual(only(MINIMAL.replace('ssh:\n  keyFile: ~/.ssh/id_ed25519', 'ssh: root')), {
        at: '2:6', path: '/ssh', errors: ['must be a mapping of SSH defaults (user, port, keyFile)'], hint: 'e.g. `ssh: {user: root, keyFile: ~/.ssh/id_ed25519}`',
      });
      assert.deepEqual(only(MINIMAL.replace('masters:\n  - host: 10.0.0.1', 'masters: 2\n')), {
        at: '4:10', path: '/masters', errors: ['must be a list of nodes'],
        hint: 'list the nodes themselves, not how many: e.g. `masters: [{host: 10.0.0.1}]`',
      });
      assert.deepEqual(only(MINIMAL.replace('  - host: 10.0.0.1', '  - 10.0.0.1')), {
        at: '5:5', path: '/masters/0', errors: ['must be a mapping with at least `host`'], hint: 'each node is a mapping: write `- host: 10.0.0.1`',
      });
    });

    it('a value out of range', () => {
      assert.deepEqual(only(agentLine('    port: 70000\n')), { at: '8:11', path: '/agents/0/port', errors: ['must be an integer from 1 to 65535'] });
      assert.deepEqual(only(agentLine('    resources: {cpus: 0, disk: 0}\n')), { at: '8:23', path: '/agents/0/resources/cpus', errors: ['must be a number greater than 0'] });
      assert.deepEqual(only(`${MINIMAL}options: {sshParallelism: 500}\n`).errors, ['must be an integer from 1 to 100']);
    });

    it('a missing host: at the node, with what to add', () => {
      assert.deepEqual(only(`${MINIMAL}  - port: 2222\n`), { at: '8:5', path: '/agents/1/host', errors: ['is required'], hint: 'add `host: 10.0.0.1`' });
    });

    it('a missing name, or a name that cannot name a directory', () => {
      assert.deepEqual(only(MINIMAL.replace('name: prod\n', '')), { at: '1:1', path: '/name', errors: ['is required'], hint: 'add `name: prod`' });
      assert.deepEqual(only(MINIMAL.replace('name: prod', 'name: Prod')), {
        at: '1:7', path: '/name',
        errors: ["must be a cluster name of 1 to 63 lowercase letters, digits, '.', '_' and '-', starting with a letter or digit"],
        hint: 'use lowercase: `name: prod`',
      });
    });

    it('2 masters: a quorum needs an odd number', () => {
      assert.deepEqual(only(MINIMAL.replace('  - host: 10.0.0.1\n', '  - host: 10.0.0.1\n  - host: 10.0.0.2\n')), {
        at: '4:1', path: '/masters', errors: ['must list 1, 3 or 5 masters, not 2'], hint: 'use 1, 3 or 5 masters: a quorum needs an odd number',
      });
      assert.deepEqual(only(MINIMAL.replace('  - host: 10.0.0.1\n', '  []\n')).errors, ['must list at least one master']);
    });

    it('no agent at all, private or public', () => {
      assert.deepEqual(only(MINIMAL.replace('agents:\n  - host: 10.0.0.11\n', 'publicAgents: []\n')), {
        at: '1:1', path: '/agents', errors: ['must list at least one agent: tasks run on agents (private or public)'],
        hint: 'add `agents: [{host: 10.0.0.11}]`',
      });
      assert.equal(parse(MINIMAL.replace('agents:', 'publicAgents:')).agents[0].role, 'public-agent');
    });

    it('a host listed twice (same address and SSH port): on the second', () => {
      assert.deepEqual(only(`${MINIMAL}  - host: 10.0.0.1\n`), {
        at: '8:11', path: '/agents/1/host', errors: ['is the same host as /masters/0 (10.0.0.1, SSH port 22)'],
        hint: 'a machine has one role: remove one of the two',
      });
    });

    it('two nodes with one address: the same host on another SSH port, or an address given twice', () => {
      assert.deepEqual(only(`${MINIMAL}  - host: 10.0.0.1\n    port: 2222\n`), {
        at: '8:11', path: '/agents/1/host', errors: ['is also the address of /masters/0 (10.0.0.1): `address` defaults to `host`'],
        hint: 'two nodes on one host: give each its own `address:`',
      });
      assert.deepEqual(only(`${MINIMAL}  - host: 10.0.0.12\n    address: 10.0.0.11\n`), {
        at: '9:14', path: '/agents/1/address', errors: ['is also the address of /agents/0 (10.0.0.11)'], hint: 'every node needs an address of its own',
      });
    });

    it('a host written with its port or its user', () => {
      assert.deepEqual(only(MINIMAL.replace('- host: 10.0.0.11', '- host: 10.0.0.11:2222')), {
        at: '7:11', path: '/agents/0/host', errors: ['must not include a port'], hint: 'write `port: 2222` on a line of its own',
      });
      assert.deepEqual(only(MINIMAL.replace('- host: 10.0.0.11', '- host: admin@10.0.0.11')).hint, 'write the user separately: `user: admin` and `host: 10.0.0.11`');
    });

    it('a task port range that is not "A-B", is reversed, or is out of bounds', () => {
      assert.deepEqual(only(`${MINIMAL}ports:\n  tasks: 31000:32000\n`), {
        at: '9:10', path: '/ports/tasks', errors: ['must be a port range "FIRST-LAST"'], hint: 'write it with a dash: `tasks: "31000-32000"`',
      });
      assert.deepEqual(only(`${MINIMAL}ports:\n  tasks: "32000-31000"\n`).errors, ['must run from the lower port to the higher']);
      assert.deepEqual(only(`${MINIMAL}ports:\n  tasks: "60000-70000"\n`).errors, ['must lie within 1-65535']);
      assert.deepEqual(only(`${MINIMAL}ports:\n  tasks: 31000\n`).errors, ['must be a port range "FIRST-LAST"']);
    });

    it('task ports overlapping the master or agent port: on the range when given, else on the port moved into it', () => {
      assert.deepEqual(only(`${MINIMAL}ports: {tasks: 5000-6000}\n`), {
        at: '8:16', path: '/ports/tasks', errors: ['must not contain the master port 5050 or the agent port 5051'],
        hint: 'a task could be given a port a daemon listens on: move the range or change `ports.master` and `ports.agent`',
      });
      assert.deepEqual(only(`${MINIMAL}ports:\n  agent: 31500\n`), {
        at: '9:10', path: '/ports/agent', errors: ['must not be in the task port range 31000-32000 (`ports.tasks`, by default)'],
        hint: 'a task could be given the port the agent listens on: choose a port outside it, or set `ports.tasks`',
      });
    });

    it('a host key that is not an OpenSSH SHA256 fingerprint, with how to get one', () => {
      const fingerprint = 'SHA256:tkKMcGKa+Pu+1VRNRsB2lL2ydAgXQ7958m/1ScdSxIM';
      assert.equal(parse(agentLine(`    hostKey: ${fingerprint}\n`)).agents[0].ssh.hostKey, fingerprint);
      assert.deepEqual(only(agentLine('    hostKey: SHA256:abc\n')), {
        at: '8:14', path: '/agents/0/hostKey', errors: ['must be an OpenSSH SHA256 fingerprint: "SHA256:" and 43 base64 characters'],
        hint: 'get it with `ssh-keyscan -p 22 10.0.0.11 | ssh-keygen -lf -`, and check it out of band',
      });
      assert.equal(only(agentLine(`    hostKey: ${fingerprint}=\n`)).hint, 'drop the trailing "=": OpenSSH writes fingerprints without padding');
      assert.equal(only(agentLine('    port: 2222\n    hostKey: "16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"\n')).hint,
        'that is an MD5 fingerprint; `ssh-keyscan -p 2222 10.0.0.11 | ssh-keygen -lf -` prints the SHA256 one');
    });

    it('a key file for every node: once when there is none at all, else on each node without one', () => {
      assert.deepEqual(only(MINIMAL.replace('ssh:\n  keyFile: ~/.ssh/id_ed25519\n', '')), {
        at: '1:1', path: '/ssh/keyFile', errors: ['is required: no node sets its own `keyFile`'],
        hint: 'add `keyFile: ~/.ssh/id_ed25519` under `ssh:`, the default of every node',
      });
      assert.deepEqual(only(MINIMAL.replace('ssh:\n  keyFile: ~/.ssh/id_ed25519\n', '').replace('- host: 10.0.0.1\n', '- {host: 10.0.0.1, keyFile: k}\n')), {
        at: '5:5', path: '/agents/0/keyFile', errors: ['is required: there is no default `ssh.keyFile`'],
        hint: 'add `keyFile:` to this node, or a default `keyFile` under `ssh:`',
      });
    });

    it('paths that are "/", the same, or inside one another', () => {
      assert.deepEqual(only(`${MINIMAL}paths:\n  state: /\n`), { at: '9:10', path: '/paths/state', errors: ['must not be "/"'], hint: 'use a directory of its own, e.g. `state: /var/lib/dcos`' });
      assert.deepEqual(only(`${MINIMAL}paths:\n  state: /opt/dcos/state\n`).errors, ['must not be inside paths.install (/opt/dcos)']);
      assert.deepEqual(only(`${MINIMAL}paths:\n  install: /srv\n  config: /srv/\n`), {
        at: '10:11', path: '/paths/config', errors: ['must not be the same directory as paths.install (/srv)'],
        hint: 'keep install, state and config apart: `cluster down` removes install and config but keeps state',
      });
      assert.deepEqual(only(`${MINIMAL}paths:\n  install: opt/dcos\n`).hint, 'an absolute path, e.g. `install: /opt/dcos`');
    });

    it('a YAML syntax error: its line and column, and no guesses about the broken structure', () => {
      assert.deepEqual(only(`${MINIMAL}  - host: 10.0.0.12\n   port: 22\n`), {
        at: '9:1', path: '/agents', errors: ['YAML: Sequence item without - indicator'], hint: 'start each list item with "- ", aligned with the others',
      });
      assert.deepEqual(only(`${MINIMAL}\tports: {}\n`), { at: '8:1', path: '/', errors: ['YAML: Tabs are not allowed as indentation'], hint: 'indent with spaces; YAML does not allow tabs' });
      assert.deepEqual(only(agentLine('    attributes: {rack: r1\n')).at, '8:25', 'the last character, where the closing bracket is missing');
    });

    it('a repeated key is reported, and the rest of the file is still checked', () => {
      assert.deepEqual(problems(`${MINIMAL}name: other\nagents: 3\n`).map((d) => [`${d.location!.line}:${d.location!.column}`, d.path, d.errors[0]]), [
        ['8:1', '/name', 'YAML: Map keys must be unique'],
        ['9:1', '/agents', 'YAML: Map keys must be unique'],
        ['9:9', '/agents', 'must be a list of nodes'],
      ]);
    });

    it('aliases are followed (problems sit at the anchor), merge keys are not supported, alias bombs are refused', () => {
      const shared = problems(agentLine('    attributes: &rack1 {rack: r 1}\n  - host: 10.0.0.12\n    attributes: *rack1\n'));
      assert.deepEqual(shared.map((d) => [d.path, `${d.location!.line}:${d.location!.column}`]), [
        ['/agents/0/attributes/rack', '8:31'],
        ['/agents/1/attributes/rack', '8:31'],
      ]);
      assert.deepEqual(only(agentLine('    <<: {port: 22}\n')).hint, 'YAML merge keys (<<) are not supported: put what nodes share under `ssh:`');
      const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)];
      assert.deepEqual(only(lines(...bomb)).errors, ['YAML: Excessive alias count indicates a resource exhaustion attack']);
    });

    it('an empty file, or one that is not a mapping', () => {
      assert.deepEqual(only(''), { at: '1:1', path: '/', errors: ['is empty'], hint: 'start from templates/cluster.example.yaml' });
      assert.deepEqual(only('- host: a\n').errors, ['must be a mapping (start from templates/cluster.example.yaml)']);
    });
  });

  it('reports every problem of a file at once, sorted by line then column', () => {
    const details = problems(lines(
      'name: Prod',                      // 1
      'ssh:',                            // 2
      '  user: root',                    // 3
      '  kefile: ~/.ssh/id',             // 4
      'masters:',                        // 5
      '  - host: 10.0.0.1',              // 6
      '  - host: 10.0.0.2',              // 7
      'agents:',                         // 8
      '  - host: 10.0.0.1',              // 9
      '    port: "22"',                  // 10
      '  - port: 22',                    // 11
      '    hostKey: SHA256:abc',         // 12
      'ports: {tasks: 5000-6000}',       // 13
      'options:',                        // 14
      '  sshParalelism: 10',             // 15
    ));
    assert.deepEqual(details.map((d) => `${d.location!.file}:${d.location!.line}:${d.location!.column} ${d.path}`), [
      'cluster.yaml:1:7 /name',
      'cluster.yaml:4:3 /ssh/kefile',
      'cluster.yaml:5:1 /masters',
      'cluster.yaml:9:11 /agents/0/host', // its address is the first master's
      'cluster.yaml:10:11 /agents/0/port',
      'cluster.yaml:11:5 /agents/1/host',
      'cluster.yaml:12:14 /agents/1/hostKey',
      'cluster.yaml:13:16 /ports/tasks',
      'cluster.yaml:15:3 /options/sshParalelism',
    ]);
  });

  describe('notifications', () => {
    const URL_FILE = '/home/op/.dcos/prod-webhook-url';
    /** Parses with this machine's files replaced by `files` (path → content). */
    const withFiles = (text: string, files: Record<string, string>) => parseClusterFile(text, '/work/cluster.yaml', {
      homeDir: HOME,
      readLocalFile: (path) => {
        if (path in files) return files[path];
        throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      },
    });
    const notified = (body: string) => `${MINIMAL}notifications:\n${body}`;
    const problemsWith = (text: string, files: Record<string, string>) => {
      try {
        withFiles(text, files);
      } catch (err) {
        return (err as DcosError).details!.map((d) => `${d.location!.line}:${d.location!.column} ${d.path} ${d.errors.join('; ')}`);
      }
      return assert.fail('the file was accepted');
    };

    it('compiles the webhook URL file to an absolute path, with the default events unless some are given', () => {
      const files = { [URL_FILE]: 'https://hooks.slack.com/services/T0/B0/secret\n', '/work/hook': 'http://chat.internal/hooks/x' };
      assert.deepEqual(withFiles(notified('  webhookUrlFile: ~/.dcos/prod-webhook-url\n'), files).notifications, {
        webhookUrlFile: URL_FILE, events: ['deployment_success', 'deployment_failed', 'unhealthy_task_kill_event', 'task_failed'],
      });
      assert.deepEqual(withFiles(notified('  webhookUrlFile: hook\n  events: [task_failed]\n'), files).notifications, {
        webhookUrlFile: '/work/hook', events: ['task_failed'],
      });
      assert.equal(parse(MINIMAL).notifications, undefined, 'none without the section');
    });

    it('a webhook URL file that is missing, empty or holds no http(s) URL: at webhookUrlFile, naming the file and never its content', () => {
      const text = notified('  webhookUrlFile: ~/.dcos/prod-webhook-url\n');
      assert.deepEqual(problemsWith(text, {}), [`9:19 /notifications/webhookUrlFile cannot be read: no such file (${URL_FILE})`]);
      assert.deepEqual(problemsWith(text, { [URL_FILE]: ' \n' }), [`9:19 /notifications/webhookUrlFile is empty (${URL_FILE})`]);
      const ftp = problemsWith(text, { [URL_FILE]: 'ftp://hooks.example.com/SECRET' });
      assert.deepEqual(ftp, [`9:19 /notifications/webhookUrlFile holds no webhook URL: it must be an http or https URL, not ftp: (${URL_FILE})`]);
      assert.ok(!ftp.join().includes('SECRET'));
    });

    it('an unknown event, an empty or repeated list, a missing file key, a ~user path', () => {
      const files = { [URL_FILE]: 'https://hooks.example.com/x' };
      const file = '  webhookUrlFile: ~/.dcos/prod-webhook-url\n';
      assert.deepEqual(problemsWith(notified(`${file}  events: [deployment_failed, task_crashed]\n`), files), [
        '10:31 /notifications/events/1 must be one of deployment_success, deployment_failed, unhealthy_task_kill_event, unhealthy_instance_kill_event, task_failed',
      ]);
      assert.deepEqual(problemsWith(notified(`${file}  events: []\n`), files), ['10:3 /notifications/events must be a list of events, each named once']);
      assert.deepEqual(problemsWith(notified(`${file}  events: [task_failed, task_failed]\n`), files), ['10:3 /notifications/events must be a list of events, each named once']);
      assert.deepEqual(problemsWith(notified('  events: [task_failed]\n'), files), ['8:1 /notifications/webhookUrlFile is required']);
      assert.deepEqual(problemsWith(notified('  webhookUrlFile: ~op/hook\n'), files), ['9:19 /notifications/webhookUrlFile must be absolute, relative to this file, or start with ~/']);
    });

    it("the example's notifications section, uncommented, is valid", () => {
      const example = readFileSync(fileURLToPath(new URL('../../../../templates/cluster.example.yaml', import.meta.url)), 'utf8');
      const section = example.slice(example.indexOf('# notifications:')).split('\n').filter((l) => /^# (notifications:| {2}[a-z])/.test(l)).map((l) => l.slice(2));
      assert.equal(section.length, 3, section.join('\n'));
      const spec = withFiles(`${MINIMAL}${section.join('\n')}\n`, { [URL_FILE]: 'https://hooks.example.com/x' });
      assert.deepEqual(spec.notifications, { webhookUrlFile: URL_FILE, events: ['deployment_failed', 'unhealthy_task_kill_event', 'task_failed'] });
    });
  });

  describe('loadClusterFile', () => {
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'dcos-cluster-file-')); });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the file, resolves it to an absolute path and relative key files beside it', async () => {
      mkdirSync(join(dir, 'keys'));
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'keys', 'id')]);
      writeFileSync(join(dir, 'c.yaml'), MINIMAL.replace('~/.ssh/id_ed25519', 'keys/id'));
      const spec = await loadClusterFile(join(dir, 'c.yaml'));
      assert.equal(spec.file, join(dir, 'c.yaml'));
      assert.equal(spec.masters[0].ssh.keyFile, join(dir, 'keys', 'id'));
    });

    it('an unreadable file is a BAD_REQUEST naming it', async () => {
      await assert.rejects(loadClusterFile(join(dir, 'nope.yaml')), (err: DcosError) => {
        assert.equal(err.code, ErrorCodes.BAD_REQUEST);
        assert.equal(err.message, `cannot read cluster file ${join(dir, 'nope.yaml')}: no such file`);
        return true;
      });
    });
  });
});
