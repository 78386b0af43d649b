import assert from 'node:assert/strict';
import { join } from 'node:path';
import { installedDefinition, installedOptions } from '../../../../../src/runtime/packages/render/cosmos-labels.js';
import { renderPackage } from '../../../../../src/runtime/packages/render/render-package.js';
import { readPackageDirectory } from '../../../../../src/runtime/packages/repository/package-directory.js';

const FIXTURES = new URL('../../../../fixtures/universe/packages', import.meta.url).pathname;

/** What list, uninstall and update read back from an installed app's labels. */
describe('the Cosmos labels, read back', () => {
  for (const [name, rev] of [['cerebro', 3], ['crate', 0], ['kafka', 1200]] as const) {
    it(`decodes ${name}'s DCOS_PACKAGE_DEFINITION and DCOS_PACKAGE_OPTIONS as they were rendered`, () => {
      const pkg = readPackageDirectory(join(FIXTURES, name, String(rev)), rev);
      const labels = renderPackage({ pkg, sourceUri: 'file:///r', options: { service: { name } } })!.app.labels as Record<string, string>;
      const back = installedDefinition(labels)!;
      assert.deepEqual([back.name, back.version, back.releaseVersion], [pkg.name, pkg.version, rev]);
      assert.deepEqual(installedOptions(labels), { service: { name } });
    });
  }

  it('trusts no label some /v2/apps client wrote by hand: damaged or not a package is undefined', () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
    for (const definition of ['not base64 json', b64({ data: 'x' }), b64({ data: Buffer.from('{"name": "x"}').toString('base64') })]) {
      assert.equal(installedDefinition({ DCOS_PACKAGE_DEFINITION: definition }), undefined, definition);
    }
    assert.equal(installedOptions({ DCOS_PACKAGE_OPTIONS: b64([1]) }), undefined);
    assert.equal(installedOptions({}), undefined);
  });
});
