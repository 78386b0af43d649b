import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PackageDefinition } from '../../../../../src/api/cosmos-types.js';

/** The loopback address the repository tests bind (this area's block: 127.0.121.1–20). */
export const HOST = '127.0.121.1';

/** The repository fixtures of the repo (13 real Universe packages, `packages/<name>/<rev>/`). */
export const FIXTURES = new URL('../../../../fixtures/universe/', import.meta.url);

/** A valid package definition of an index, with the fields given. */
export function pkg(fields: Partial<PackageDefinition> & { name: string }): PackageDefinition {
  return {
    packagingVersion: '4.0',
    version: '1.0.0',
    releaseVersion: 0,
    maintainer: 'ops@example.com',
    description: `The ${fields.name} package`,
    tags: [],
    marathon: { v2AppMustacheTemplate: Buffer.from(`{"id": "${fields.name}"}`).toString('base64') },
    ...fields,
  };
}

/** A temporary directory, removed by cleanup(). */
export function tempDir(): { dir: string; uri: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pkg-repo-'));
  return { dir, uri: pathToFileURL(dir).href, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `<root>/<name>/<releaseVersion>/` for each package: package.json, and the template, config and resource it has. */
export function writeFolder(root: string, packages: PackageDefinition[]): void {
  for (const p of packages) {
    const { releaseVersion, marathon, config, resource, command, ...packageJson } = p;
    const dir = join(root, p.name, String(releaseVersion));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
    if (marathon) writeFileSync(join(dir, 'marathon.json.mustache'), Buffer.from(marathon.v2AppMustacheTemplate, 'base64'));
    if (config) writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    if (resource) writeFileSync(join(dir, 'resource.json'), JSON.stringify(resource));
    if (command) writeFileSync(join(dir, 'command.json'), JSON.stringify(command));
  }
}

/** A real HTTP server on the test address; records each request it gets. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; requests: IncomingMessage[]; close: () => Promise<void> }> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${HOST}:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
