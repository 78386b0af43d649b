import assert from 'node:assert/strict';
import { ErrorCodes } from '../../../../src/core/errors.js';
import { compareVersions, downgradeError, runtimeChange } from '../../../../src/provisioner/ssh-cluster/runtime-version.js';

const sha = (c: string) => c.repeat(64);

describe('runtime versions', () => {
  describe('runtimeChange', () => {
    const cli = { version: '0.2.0', sha256: sha('c') };

    it('orders runtimes by version and tells them apart by bundle SHA-256', () => {
      assert.equal(runtimeChange(undefined, cli), 'new');
      assert.equal(runtimeChange({ version: '0.2.0', sha256: sha('c') }, cli), 'same');
      assert.equal(runtimeChange({ version: '0.1.9', sha256: sha('a') }, cli), 'upgrade');
      assert.equal(runtimeChange({ version: '0.10.0', sha256: sha('a') }, cli), 'downgrade', 'numerically, not as text');
      assert.equal(runtimeChange({ version: '0.2.0', sha256: sha('a') }, cli), 'unordered', 'a rebuild of the same version');
      assert.equal(runtimeChange({ version: undefined, sha256: sha('a') }, cli), 'unordered', 'an installed version that cannot be read');
    });
  });

  describe('compareVersions', () => {
    it('follows semver precedence, pre-releases below their release', () => {
      const ordered = ['0.9.9', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.10.0'];
      for (let i = 1; i < ordered.length; i++) {
        assert.equal(compareVersions(ordered[i - 1], ordered[i]), -1, `${ordered[i - 1]} < ${ordered[i]}`);
        assert.equal(compareVersions(ordered[i], ordered[i - 1]), 1, `${ordered[i]} > ${ordered[i - 1]}`);
      }
      assert.equal(compareVersions('1.0.0+build.5', '1.0.0'), 0, 'build metadata does not count');
      assert.equal(compareVersions('next', '1.0.0'), undefined);
    });
  });

  it('refuses a downgrade naming the installed versions, their hosts and the CLI\'s version, and both ways on', () => {
    const err = downgradeError('prod', [
      { name: 'master-1', runtime: { version: '0.3.0', sha256: sha('a') } },
      { name: 'agent-1', runtime: { version: '0.3.0', sha256: sha('a') } },
      { name: 'agent-2', runtime: { version: '0.2.5', sha256: sha('b') } },
    ], { version: '0.2.0', sha256: sha('c') });
    assert.equal(err.code, ErrorCodes.DOWNGRADE);
    assert.equal(err.message, 'cluster "prod" runs the runtime 0.3.0 (bundle aaaaaaaaaaaa on master-1, agent-1) and 0.2.5 (bundle bbbbbbbbbbbb on agent-2), '
      + 'and this CLI carries the older 0.2.0 (bundle cccccccccccc): refusing to downgrade. Use a CLI of 0.3.0 or newer, '
      + 'or pass --allow-downgrade to roll the cluster back to 0.2.0 (masters one at a time, then agents in batches; tasks keep running)');
  });
});
