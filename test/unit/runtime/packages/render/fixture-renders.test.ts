import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { readPackageDirectory } from '../../../../../src/runtime/packages/repository/package-directory.js';
import { renderPackage } from '../../../../../src/runtime/packages/render/render-package.js';

// The expectations in test/fixtures/cosmos-render were written by hand from Cosmos's rules
// (see the README there), never by running our renderer: this test holds the renderer to them.
const FIXTURES = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));
const PACKAGES = join(FIXTURES, 'universe', 'packages');
const EXPECTED = join(FIXTURES, 'cosmos-render');
const SOURCE_URI = 'https://universe.mesosphere.com/repo';

type App = Record<string, unknown>;
interface Case { file: string; name: string; options?: Record<string, unknown>; appId?: string; expected: App }

function cases(): Case[] {
  return readdirSync(EXPECTED).filter((f) => f.endsWith('.json')).sort().map((file) => {
    const [name, kind] = file.split('.');
    const json = JSON.parse(readFileSync(join(EXPECTED, file), 'utf8')) as App;
    if (kind === 'defaults') return { file, name, expected: json };
    const { options, appId, expected } = json as { options: Record<string, unknown>; appId?: string; expected: App };
    return { file, name, options, appId, expected };
  });
}

/** The one revision directory of a fixture package, read as the repository entry gen_universe.py makes. */
function fixturePackage(name: string) {
  const [revision] = readdirSync(join(PACKAGES, name));
  return readPackageDirectory(join(PACKAGES, name, revision), Number(revision));
}

/** DCOS_PACKAGE_DEFINITION: base64 of a StorageEnvelope whose data is base64 of the gzipped package JSON. */
function decodeDefinition(label: unknown): { metadata: Record<string, string>; pkg: Record<string, unknown> } {
  assert.equal(typeof label, 'string', 'DCOS_PACKAGE_DEFINITION is a string');
  const envelope = JSON.parse(Buffer.from(label as string, 'base64').toString('utf8')) as { metadata: Record<string, string>; data: string };
  const pkg = JSON.parse(gunzipSync(Buffer.from(envelope.data, 'base64')).toString('utf8')) as Record<string, unknown>;
  return { metadata: envelope.metadata, pkg };
}

describe('renderPackage on the Universe fixture packages', () => {
  const all = cases();

  it('has an expectation with defaults for every fixture package', () => {
    const withDefaults = all.filter((c) => c.file.endsWith('.defaults.json')).map((c) => c.name);
    assert.deepEqual(withDefaults, readdirSync(PACKAGES).sort());
  });

  for (const c of all) {
    const pkg = fixturePackage(c.name);
    const how = c.options === undefined ? 'with its defaults' : `with the options in ${c.file}${c.appId === undefined ? '' : ` and app id ${c.appId}`}`;
    it(`renders ${pkg.name} ${pkg.version} (revision ${pkg.releaseVersion}) ${how} as Cosmos does`, () => {
      const rendered = renderPackage({ pkg, sourceUri: SOURCE_URI, options: c.options, appId: c.appId });
      assert.ok(rendered, 'the package has a Marathon template');
      const app = structuredClone(rendered.app);
      const labels = app.labels as Record<string, unknown>;

      assert.equal(labels.DCOS_PACKAGE_SOURCE, SOURCE_URI);
      const definition = decodeDefinition(labels.DCOS_PACKAGE_DEFINITION);
      assert.deepEqual(definition.metadata, {
        'Content-Type': `application/vnd.dcos.universe.package+json;charset=utf-8;version=v${pkg.packagingVersion.split('.')[0]}`,
        'Content-Encoding': 'gzip',
      });
      assert.equal(definition.pkg.name, pkg.name);
      assert.equal(definition.pkg.version, pkg.version);
      assert.equal(definition.pkg.releaseVersion, pkg.releaseVersion);
      delete labels.DCOS_PACKAGE_SOURCE;
      delete labels.DCOS_PACKAGE_DEFINITION;

      assert.deepEqual(app, c.expected);
    });
  }
});
