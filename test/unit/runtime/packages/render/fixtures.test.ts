import assert from 'node:assert/strict';
import { renderPackage } from '../../../../../src/runtime/packages/render/render-package.js';
import { SOURCE, decode64, fixturePackages } from './helpers.js';

const COSMOS_LABELS = ['DCOS_PACKAGE_NAME', 'DCOS_PACKAGE_VERSION', 'DCOS_PACKAGE_SOURCE', 'DCOS_PACKAGE_OPTIONS', 'DCOS_PACKAGE_DEFINITION'];

describe('the 13 Universe fixture packages rendered with their defaults', () => {
  const packages = fixturePackages();

  it('are 13', () => assert.equal(packages.length, 13));

  for (const pkg of packages) {
    it(`${pkg.name} ${pkg.releaseVersion} (packaging ${pkg.packagingVersion}) renders a JSON object with string labels and Cosmos's five labels`, () => {
      const rendered = renderPackage({ pkg, sourceUri: SOURCE });
      assert.ok(rendered, 'every fixture has a Marathon template');
      const labels = rendered.app.labels as Record<string, unknown>;
      for (const [key, value] of Object.entries(labels)) assert.equal(typeof value, 'string', key);
      for (const label of COSMOS_LABELS) assert.ok(label in labels, label);
      assert.equal(labels.DCOS_PACKAGE_NAME, pkg.name);
      assert.equal(labels.DCOS_PACKAGE_VERSION, pkg.version);
      assert.equal(labels.DCOS_PACKAGE_OPTIONS, 'e30=');
      assert.equal(typeof rendered.app.id, 'string');
      assert.deepEqual(JSON.parse(JSON.stringify(rendered.app)), rendered.app, 'plain JSON');
      assert.equal(JSON.parse(decode64(labels.DCOS_PACKAGE_DEFINITION as string)).metadata['Content-Encoding'], 'gzip');
    });
  }
});
