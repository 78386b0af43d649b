import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageDefinition, PackageResource } from '../../../../../src/api/cosmos-types.js';
import { readPackageDirectory } from '../../../../../src/runtime/packages/repository/package-directory.js';

export const SOURCE = 'https://universe.mesosphere.com/repo';

/** A small package definition: a template (plain text, base64-encoded here), and what else a case needs. */
export function testPackage(parts: {
  template?: string;
  config?: Record<string, unknown>;
  resource?: PackageResource;
  packagingVersion?: PackageDefinition['packagingVersion'];
  extra?: Partial<PackageDefinition>;
}): PackageDefinition {
  return {
    packagingVersion: parts.packagingVersion ?? '4.0',
    name: 'options-test',
    version: '1.2.3',
    releaseVersion: 7,
    maintainer: 'support@example.com',
    description: 'Testing user options',
    tags: ['test'],
    ...(parts.template === undefined ? {} : { marathon: { v2AppMustacheTemplate: Buffer.from(parts.template).toString('base64') } }),
    ...(parts.config ? { config: parts.config } : {}),
    ...(parts.resource ? { resource: parts.resource } : {}),
    ...parts.extra,
  };
}

/** An object schema of the given properties. */
export const objectSchema = (properties: Record<string, unknown>, more: Record<string, unknown> = {}) => ({ type: 'object', properties, ...more });

const FIXTURES = 'test/fixtures/universe/packages';

/** The 13 Universe fixture packages, each revision read as gen_universe.py reads it. */
export function fixturePackages(): PackageDefinition[] {
  return readdirSync(FIXTURES).flatMap((name) =>
    readdirSync(join(FIXTURES, name)).map((rev) => readPackageDirectory(join(FIXTURES, name, rev), Number(rev))));
}

export function fixturePackage(name: string): PackageDefinition {
  const found = fixturePackages().find((pkg) => pkg.name === name);
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
}

export const decode64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');
