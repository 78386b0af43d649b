import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entriesFor, entryMatches, formatLine, knownHostsName, parseKnownHosts } from '../../../../src/provisioner/ssh/known-hosts.js';
import { KeyDir, type TestKey } from './keys.js';

const line = (hosts: string, k: TestKey) => `${hosts} ${readFileSync(k.pub, 'utf8').split(' ').slice(0, 2).join(' ')}`;

describe('known_hosts files', () => {
  const keys = new KeyDir();
  let a: TestKey;
  let b: TestKey;
  before(() => { a = keys.make('ed25519'); b = keys.make('rsa'); });
  after(() => keys.remove());

  it('name a host by its address on port 22 and by [address]:port elsewhere, in lower case', () => {
    assert.equal(knownHostsName('127.0.0.10', 22), '127.0.0.10');
    assert.equal(knownHostsName('Node-1.Example.COM', 2222), '[node-1.example.com]:2222');
  });

  it('parse plain entries with their line, key type and key blob, skipping comments and blank lines', () => {
    const text = ['# a comment', '', line('127.0.0.10', a), `  ${line('[127.0.0.11]:2222,node-11', b)} trailing comment  `].join('\n');
    const entries = parseKnownHosts(text);
    assert.equal(entries.length, 2);
    assert.deepEqual(entries.map((e) => [e.line, e.hosts, e.keyType]), [[3, '127.0.0.10', 'ssh-ed25519'], [4, '[127.0.0.11]:2222,node-11', 'ssh-rsa']]);
    assert.ok(entries[0].key.equals(a.blob));
  });

  it('skip lines that do not parse, or whose key type field contradicts the blob', () => {
    const text = ['127.0.0.10', '127.0.0.10 ssh-ed25519', '127.0.0.10 ssh-ed25519 !!!notbase64', line('127.0.0.10', a).replace('ssh-ed25519', 'ssh-rsa'), '@bogus ' + line('h', a)].join('\n');
    assert.deepEqual(parseKnownHosts(text), []);
  });

  it('read @revoked and @cert-authority markers', () => {
    const entries = parseKnownHosts([`@revoked ${line('h1', a)}`, `@cert-authority ${line('*.example.com', b)}`].join('\n'));
    assert.deepEqual(entries.map((e) => e.marker), ['revoked', 'cert-authority']);
  });

  it('match [host]:port only on that port, and a bare host only on port 22', () => {
    const [bare, bracketed] = parseKnownHosts([line('127.0.0.10', a), line('[127.0.0.10]:2222', a)].join('\n'));
    assert.ok(entryMatches(bare, knownHostsName('127.0.0.10', 22)));
    assert.ok(!entryMatches(bare, knownHostsName('127.0.0.10', 2222)));
    assert.ok(entryMatches(bracketed, knownHostsName('127.0.0.10', 2222)));
    assert.ok(!entryMatches(bracketed, knownHostsName('127.0.0.10', 22)));
  });

  it('match comma-separated names, wildcards and negations as ssh does', () => {
    const [entry] = parseKnownHosts(line('node-*.example.com,10.0.0.?,!node-bad.example.com', a));
    assert.ok(entryMatches(entry, 'node-1.example.com'));
    assert.ok(entryMatches(entry, '10.0.0.7'));
    assert.ok(!entryMatches(entry, '10.0.0.17'));
    assert.ok(!entryMatches(entry, 'node-bad.example.com'), 'a negated pattern rejects the line');
    assert.ok(!entryMatches(entry, 'example.com'));
  });

  it('match hashed entries written by `ssh-keygen -H`, for plain and [host]:port names', () => {
    const file = join(keys.dir, 'hashed_known_hosts');
    writeFileSync(file, `${line('127.0.0.10', a)}\n${line('[127.0.0.11]:2222', b)}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const entries = parseKnownHosts(readFileSync(file, 'utf8'));
    assert.ok(entries.every((e) => e.hosts.startsWith('|1|')), 'ssh-keygen hashed every name');
    assert.deepEqual(entriesFor(entries, '127.0.0.10').map((e) => e.keyType), ['ssh-ed25519']);
    assert.deepEqual(entriesFor(entries, '[127.0.0.11]:2222').map((e) => e.keyType), ['ssh-rsa']);
    assert.deepEqual(entriesFor(entries, '127.0.0.11'), []);
  });

  it('find the same entries as `ssh-keygen -F` for each name', () => {
    const file = join(keys.dir, 'mixed_known_hosts');
    writeFileSync(file, [line('127.0.0.10,node-10', a), line('[127.0.0.10]:2222', b), line('*.lab', b), line('!x.lab,*.lab', a)].join('\n') + '\n');
    const entries = parseKnownHosts(readFileSync(file, 'utf8'));
    for (const name of ['127.0.0.10', 'node-10', '[127.0.0.10]:2222', 'a.lab', 'x.lab', 'nowhere']) {
      let found: number[] = [];
      try {
        const out = execFileSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' });
        found = [...out.matchAll(/found: line (\d+)/g)].map((m) => Number(m[1]));
      } catch {
        // exit 1: not found
      }
      assert.deepEqual(entriesFor(entries, name).map((e) => e.line), found, name);
    }
  });

  it('write a line that parses back to the same key, readable by ssh-keygen', () => {
    const file = join(keys.dir, 'written_known_hosts');
    writeFileSync(file, formatLine(knownHostsName('127.0.0.10', 2222), a.blob));
    const [entry] = parseKnownHosts(readFileSync(file, 'utf8'));
    assert.equal(entry.hosts, '[127.0.0.10]:2222');
    assert.ok(entry.key.equals(a.blob));
    assert.match(execFileSync('ssh-keygen', ['-F', '[127.0.0.10]:2222', '-f', file], { encoding: 'utf8' }), /found: line 1/);
  });
});
