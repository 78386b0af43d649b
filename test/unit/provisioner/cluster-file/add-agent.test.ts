import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DcosError, ErrorCodes } from '../../../../src/core/errors.js';
import { planAgentAddition } from '../../../../src/provisioner/cluster-file/add-agent.js';
import type { LocalKeys } from '../../../../src/provisioner/cluster-file/key-file-checks.js';

/** Key files are not what these tests are about: every one is taken as a usable key. */
const localKeys: LocalKeys = { agent: false, read: () => ({ usable: true, encrypted: false, key: Buffer.alloc(0) }) };

/** A hand-kept file: comments everywhere, odd but valid spacing, quoting and key order. */
const COMMENTED = [
  '# Production cluster -- edit with care',
  '',
  'name:   prod      # the name in `dcos cluster list`',
  'ssh:',
  '    keyFile: "~/.ssh/id_ed25519"   # quoted on purpose',
  '',
  '# one master for now',
  'masters:',
  '- host: 10.0.0.1',
  '',
  'agents:    # private agents',
  '    # rack one',
  '    -   host: 10.0.0.11',
  '        attributes: { rack: r1 }     # keep',
  '    # rack two',
  '    -   {host: 10.0.0.12, attributes: {rack: "r2"}}  # flow style',
  '    # (retired: 10.0.0.13)',
  '',
  'options: {sshParallelism: 5}  # end',
  '',
].join('\n');

describe('adding an agent to a cluster file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-add-agent-'));
    file = join(dir, 'cluster.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Asserts that `after` is `before` with `lines` inserted at one place, and nothing else. */
  function onlyInserted(before: string, after: string, lines: string): void {
    const at = after.indexOf(lines);
    assert.ok(at >= 0, `the new lines are in the file:\n${after}`);
    assert.equal(after.slice(0, at) + after.slice(at + lines.length), before, 'every other byte is as it was');
  }

  it('changes nothing until commit, then only by the lines of the new node, indented like the others', async () => {
    writeFileSync(file, COMMENTED);
    const edit = await planAgentAddition(file, '10.0.0.14', { attributes: { rack: 'r1', zone: '01' }, localKeys });
    assert.equal(edit.name, 'agent-3');
    assert.equal(edit.added, true);
    assert.deepEqual(edit.spec.agents.map((a) => [a.name, a.ssh.host]), [['agent-1', '10.0.0.11'], ['agent-2', '10.0.0.12'], ['agent-3', '10.0.0.14']]);
    assert.deepEqual(edit.spec.agents[2].attributes, { rack: 'r1', zone: '01' });
    assert.equal(readFileSync(file, 'utf8'), COMMENTED, 'nothing is written before the node is provisioned');

    await edit.commit();
    const after = readFileSync(file, 'utf8');
    onlyInserted(COMMENTED, after, '    -   host: 10.0.0.14\n        attributes: {rack: r1, zone: "01"}\n');
    assert.ok(after.includes('# flow style\n    -   host: 10.0.0.14\n'), 'right after the last agent');
  });

  it('adds to a flow list inside its brackets, and starts publicAgents at the end of a file without it', async () => {
    const flow = 'name: prod\nssh: {keyFile: k}\nmasters: [{host: m1}]\nagents: [ {host: a1},   {host: a2} ]  # two\n';
    writeFileSync(file, flow);
    const agent = await planAgentAddition(file, 'a3', { localKeys });
    await agent.commit();
    const withAgent = readFileSync(file, 'utf8');
    onlyInserted(flow, withAgent, ', {host: a3}');
    assert.ok(withAgent.includes('{host: a2}, {host: a3} ]  # two'));

    const pub = await planAgentAddition(file, 'edge-1', { public: true, attributes: { zone: 'dmz' }, localKeys });
    assert.equal(pub.name, 'public-agent-1');
    await pub.commit();
    onlyInserted(withAgent, readFileSync(file, 'utf8'), 'publicAgents:\n  - host: edge-1\n    attributes: {zone: dmz}\n');
  });

  it('keeps Windows line endings and a last line without a newline', async () => {
    const crlf = 'name: prod\r\nssh: {keyFile: k}\r\nmasters: [{host: m1}]\r\nagents:\r\n  - host: a1';
    writeFileSync(file, crlf);
    const edit = await planAgentAddition(file, 'a2', { localKeys });
    await edit.commit();
    assert.equal(readFileSync(file, 'utf8'), `${crlf}\r\n  - host: a2\r\n`);
  });

  it('quotes a host that YAML would read as a number, so it stays the text given', async () => {
    writeFileSync(file, 'name: prod\nssh: {keyFile: k}\nmasters: [{host: m1}]\nagents:\n  - host: a1\n');
    const edit = await planAgentAddition(file, '1e3', { localKeys });
    assert.equal(edit.spec.agents[1].ssh.host, '1e3');
  });

  it('leaves a host already in the file where it is: nothing to commit', async () => {
    writeFileSync(file, COMMENTED);
    const edit = await planAgentAddition(file, '10.0.0.12', { localKeys });
    assert.deepEqual([edit.name, edit.added], ['agent-2', false]);
    await edit.commit();
    assert.equal(readFileSync(file, 'utf8'), COMMENTED);
  });

  it('rejects a host that would not validate, before anything else, naming the problem with its line', async () => {
    writeFileSync(file, COMMENTED);
    await assert.rejects(planAgentAddition(file, '10.0.0.14:2222', { localKeys }), (err: DcosError) => {
      assert.equal(err.code, ErrorCodes.INVALID_DEFINITION);
      assert.deepEqual(err.details?.map((d) => [d.path, d.errors, d.location?.line]), [['/agents/2/host', ['must not include a port'], 17]]);
      return true;
    });
    assert.equal(readFileSync(file, 'utf8'), COMMENTED);
  });

  it('does not overwrite a file edited while the node was provisioned, and says what to add', async () => {
    writeFileSync(file, COMMENTED);
    const edit = await planAgentAddition(file, '10.0.0.14', { localKeys });
    const edited = `${COMMENTED}# a note added meanwhile\n`;
    writeFileSync(file, edited);
    await assert.rejects(edit.commit(), (err: DcosError) => {
      assert.equal(err.code, ErrorCodes.CONFLICT);
      assert.match(err.message, /agent-3 \(10\.0\.0\.14\) was provisioned, but .*cluster\.yaml changed meanwhile and was left as it is: add it under `agents:` as "-   host: 10\.0\.0\.14"/);
      return true;
    });
    assert.equal(readFileSync(file, 'utf8'), edited);
  });
});
