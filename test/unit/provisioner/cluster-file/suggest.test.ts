import assert from 'node:assert/strict';
import { editDistance } from '../../../../src/core/edit-distance.js';
import { suggestKey } from '../../../../src/provisioner/cluster-file/suggest.js';

describe('key suggestions', () => {
  it('counts an adjacent swap as one edit', () => {
    assert.equal(editDistance('hsot', 'host'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('finds a key despite case, "_" / "-" and a typo or two', () => {
    const node = ['host', 'port', 'user', 'keyFile', 'hostKey', 'address'];
    assert.equal(suggestKey('key_file', node), 'keyFile');
    assert.equal(suggestKey('KeyFile', node), 'keyFile');
    assert.equal(suggestKey('kyefile', node), 'keyFile');
    assert.equal(suggestKey('adress', node), 'address');
    assert.equal(suggestKey('prot', node), 'port');
  });

  it('suggests nothing for a key unlike every candidate', () => {
    assert.equal(suggestKey('colour', ['host', 'port', 'user']), undefined);
    assert.equal(suggestKey('ip', ['host', 'port']), undefined);
  });

  it('knows the names DC/OS config.yaml and ssh_config use, where their place exists', () => {
    assert.equal(suggestKey('master_list', ['name', 'masters', 'ssh.keyFile']), 'masters');
    assert.equal(suggestKey('ssh_key_path', ['name', 'masters', 'ssh.keyFile']), 'ssh.keyFile');
    assert.equal(suggestKey('IdentityFile', ['host', 'keyFile']), 'keyFile');
    assert.equal(suggestKey('ip', ['host', 'address']), 'address');
  });

  it('places a section key written at the top level', () => {
    assert.equal(suggestKey('ssh_user', ['name', 'ssh', 'ssh.user', 'ssh.port']), 'ssh.user');
    assert.equal(suggestKey('sshParalelism', ['name', 'options.sshParallelism']), 'options.sshParallelism');
  });
});
