import assert from 'node:assert/strict';
import type { PackageDefinition } from '../../../../../src/api/cosmos-types.js';
import { CosmosError } from '../../../../../src/runtime/packages/cosmos-error.js';
import { renderPackage } from '../../../../../src/runtime/packages/render/render-package.js';

const pkg = (template: string, config?: Record<string, unknown>): PackageDefinition => ({
  packagingVersion: '4.0', name: 'x', version: '1', releaseVersion: 3, maintainer: 'm', description: 'd', tags: ['a'],
  marathon: { v2AppMustacheTemplate: Buffer.from(template).toString('base64') }, ...(config ? { config } : {}),
});

function refusal(p: PackageDefinition): CosmosError {
  try {
    renderPackage({ pkg: p, sourceUri: 'file:///r' });
  } catch (e) {
    if (e instanceof CosmosError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** A package from any repository can carry a broken template: a 400 naming it, never a 500. */
describe('templates that cannot be rendered', () => {
  it('refuses a template mustache cannot parse, naming the package, its release and the place', () => {
    const e = refusal(pkg('{"id": "{{#a}}x"}'));
    assert.equal(e.type, 'MarathonTemplateNotRenderable');
    assert.equal(e.status, 400);
    assert.equal(e.message, 'The Marathon template of package [x] release [3] cannot be rendered: Unclosed section "a" at 17');
  });

  it('refuses an asJson option that renders itself without end', () => {
    const e = refusal(pkg('{"id": "{{#asJson}}k{{/asJson}}"}', { type: 'object', properties: { k: { type: 'string', default: '{{#asJson}}k{{/asJson}}' } } }));
    assert.match(e.message, /asJson of option "k" renders itself more than 8 levels deep/);
  });
});
