import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import type { PackageDefinition } from '../../../../../src/api/cosmos-types.js';
import { renderPackage } from '../../../../../src/runtime/packages/render/render-package.js';
import { SOURCE, decode64, objectSchema, testPackage } from './helpers.js';

const labelsOf = (pkg: PackageDefinition, options?: Record<string, unknown>, appId?: string) =>
  renderPackage({ pkg, sourceUri: SOURCE, options, appId })!.app.labels as Record<string, string>;

const config = objectSchema({ service: objectSchema({ name: { type: 'string', default: 'svc' }, cpus: { type: 'number', default: 1 } }) });

describe('Cosmos labels on a rendered app (PackageDefinitionRenderer.nonOverridableLabels)', () => {
  const pkg = testPackage({ template: '{"id": "{{service.name}}", "labels": {"DCOS_PACKAGE_NAME": "wrong", "DCOS_PACKAGE_VERSION": "{{package.version}}", "OWN": "kept"}}', config });

  it('names the package, its version and the repository it came from, over the template\'s labels of those names', () => {
    const labels = labelsOf(pkg);
    assert.equal(labels.DCOS_PACKAGE_NAME, 'options-test');
    assert.equal(labels.DCOS_PACKAGE_VERSION, '1.2.3');
    assert.equal(labels.DCOS_PACKAGE_SOURCE, SOURCE);
    assert.equal(labels.OWN, 'kept');
    assert.deepEqual(Object.keys(labels).slice(0, 3), ['DCOS_PACKAGE_NAME', 'DCOS_PACKAGE_VERSION', 'OWN'], 'overwritten labels keep their place');
  });

  it('encodes no options as {} ("e30=")', () => assert.equal(labelsOf(pkg).DCOS_PACKAGE_OPTIONS, 'e30='));

  it('encodes the user\'s options exactly as given, never the merged defaults, null-valued keys dropped', () => {
    const options = { service: { cpus: 2, secret: null, list: [1, null] }, gone: null };
    assert.deepEqual(JSON.parse(decode64(labelsOf(pkg, options).DCOS_PACKAGE_OPTIONS)), { service: { cpus: 2, list: [1, null] } });
    assert.equal(decode64(labelsOf(pkg, { b: 1, a: 2 }).DCOS_PACKAGE_OPTIONS), '{"b":1,"a":2}', 'compact, in the given order');
  });

  const versions: Array<[PackageDefinition['packagingVersion'], string]> = [['2.0', 'v2'], ['3.0', 'v3'], ['4.0', 'v4'], ['5.0', 'v5']];
  for (const [packagingVersion, mediaVersion] of versions) {
    it(`stores a ${packagingVersion} definition in a StorageEnvelope of media type version=${mediaVersion}, gzipped`, () => {
      const envelope = JSON.parse(decode64(labelsOf(testPackage({ template: '{}', packagingVersion })).DCOS_PACKAGE_DEFINITION));
      assert.deepEqual(Object.keys(envelope), ['metadata', 'data']);
      assert.deepEqual(envelope.metadata, {
        'Content-Type': `application/vnd.dcos.universe.package+json;charset=utf-8;version=${mediaVersion}`,
        'Content-Encoding': 'gzip',
      });
      assert.equal(JSON.parse(gunzipSync(Buffer.from(envelope.data, 'base64')).toString('utf8')).packagingVersion, packagingVersion);
    });
  }

  const storedDefinition = (pkg: PackageDefinition) => {
    const envelope = JSON.parse(decode64(labelsOf(pkg).DCOS_PACKAGE_DEFINITION));
    return gunzipSync(Buffer.from(envelope.data, 'base64')).toString('utf8');
  };

  it('stores the definition as Cosmos\'s V4Package encodes it: its fields in order, absent ones null, unknown ones dropped', () => {
    const template = Buffer.from('{}').toString('base64');
    const stored = storedDefinition(testPackage({
      template: '{}',
      config: { type: 'object' },
      resource: { assets: { uris: { jar: 'https://x/a.jar' } }, images: { 'icon-small': 'https://x/s.png' }, unknown: 1 },
      extra: { framework: true, upgradesFrom: ['*'], command: { pip: ['x'] }, images: { 'icon-small': 'dropped' } } as Partial<PackageDefinition>,
    }));
    assert.equal(stored, JSON.stringify({
      packagingVersion: '4.0', name: 'options-test', version: '1.2.3', releaseVersion: 7, maintainer: 'support@example.com',
      description: 'Testing user options', tags: ['test'], selected: null, scm: null, website: null, framework: true,
      preInstallNotes: null, postInstallNotes: null, postUninstallNotes: null, licenses: null, minDcosReleaseVersion: null,
      marathon: { v2AppMustacheTemplate: template },
      resource: {
        assets: { uris: { jar: 'https://x/a.jar' }, container: null },
        images: { 'icon-small': 'https://x/s.png', 'icon-medium': null, 'icon-large': null, screenshots: null },
        cli: null,
      },
      config: { type: 'object' }, lastUpdated: null, hasKnownIssues: null, upgradesFrom: ['*'], downgradesTo: null,
    }));
  });

  it('stores a 2.0 definition with V2Package\'s fields: marathon after description, command kept, no cli in resource', () => {
    const stored = JSON.parse(storedDefinition(testPackage({ template: '{}', packagingVersion: '2.0', resource: { assets: {} }, extra: { command: { pip: ['dcos-x'] } } })));
    assert.deepEqual(Object.keys(stored), ['packagingVersion', 'name', 'version', 'releaseVersion', 'maintainer', 'description', 'marathon', 'tags',
      'selected', 'scm', 'website', 'framework', 'preInstallNotes', 'postInstallNotes', 'postUninstallNotes', 'licenses', 'resource', 'config', 'command']);
    assert.deepEqual(stored.resource, { assets: { uris: null, container: null }, images: null });
    assert.deepEqual(stored.command, { pip: ['dcos-x'] });
  });
});

describe('Cosmos render priority: defaults → options → resource → template labels → Cosmos labels → appId', () => {
  const pkg = testPackage({
    template: '{"id": "{{service.name}}", "cpus": {{service.cpus}}, "uri": "{{resource.assets.uris.blob}}", "extra": "{{resource.extra}}", "mine": "{{resource.mine}}", "labels": {"L": "{{service.name}}"}}',
    config,
    resource: { assets: { uris: { blob: 'https://x/blob' } }, extra: 'not in Cosmos\'s resource model' },
  });

  it('user options win over defaults; resource.json wins over a user\'s `resource` option, whose other keys survive', () => {
    const { app, resolvedOptions } = renderPackage({
      pkg, sourceUri: SOURCE, options: { service: { cpus: 3 }, resource: { assets: { uris: { blob: 'should-be-overridden-blob' } }, mine: 'kept' } },
    })!;
    assert.equal(app.id, 'svc');
    assert.equal(app.cpus, 3);
    assert.equal(app.uri, 'https://x/blob');
    assert.equal(app.mine, 'kept');
    assert.equal(app.extra, '', 'resource keys outside Cosmos\'s model are not seen');
    assert.deepEqual(resolvedOptions, { service: { name: 'svc', cpus: 3 }, resource: { assets: { uris: { blob: 'should-be-overridden-blob' } }, mine: 'kept' } });
  });

  it('resolvedOptions are defaults ⊕ options, without resource', () => {
    assert.deepEqual(renderPackage({ pkg, sourceUri: SOURCE })!.resolvedOptions, { service: { name: 'svc', cpus: 1 } });
  });

  const ids: Array<[string | undefined, unknown]> = [[undefined, 'svc'], ['/team/app', '/team/app'], ['team/app', '/team/app'], ['', '/']];
  for (const [appId, expected] of ids) {
    it(`sets id ${JSON.stringify(expected)} for --app-id ${JSON.stringify(appId)} (a leading "/" added)`, () => {
      const { app } = renderPackage({ pkg, sourceUri: SOURCE, appId })!;
      assert.equal(app.id, expected);
      assert.equal(Object.keys(app)[0], 'id');
    });
  }

  it('renders nothing for a package without Marathon template, options or not (a CLI-only package)', () => {
    assert.equal(renderPackage({ pkg: testPackage({}), sourceUri: SOURCE }), undefined);
    assert.equal(renderPackage({ pkg: testPackage({}), sourceUri: SOURCE, options: { a: 1 } }), undefined);
  });
});
