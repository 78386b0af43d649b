import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageDefinition } from '../../../api/cosmos-types.js';

/**
 * One package revision directory (`<name>/<revision>/{package.json, config.json,
 * marathon.json.mustache, resource.json, command.json}`) as the entry gen_universe.py
 * makes of it: package.json verbatim, plus releaseVersion (the directory's number),
 * config, resource, command, and the template as standard base64 of its bytes.
 */
export function readPackageDirectory(dir: string, releaseVersion: number): PackageDefinition {
  const json = (file: string) => (existsSync(join(dir, file)) ? JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown> : undefined);
  const pkg = json('package.json');
  if (!pkg) throw new Error(`${join(dir, 'package.json')} is missing`);
  const template = join(dir, 'marathon.json.mustache');
  const config = json('config.json');
  const resource = json('resource.json');
  const command = json('command.json');
  return {
    ...pkg,
    releaseVersion,
    ...(resource ? { resource } : {}),
    ...(existsSync(template) ? { marathon: { v2AppMustacheTemplate: readFileSync(template).toString('base64') } } : {}),
    ...(config ? { config } : {}),
    ...(command ? { command } : {}),
  } as PackageDefinition;
}
