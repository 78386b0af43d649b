import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UniverseMediaTypes } from '../../../../../src/api/cosmos-types.js';
import { CosmosError } from '../../../../../src/runtime/packages/cosmos-error.js';
import { readRepository } from '../../../../../src/runtime/packages/repository/read-repository.js';
import { FIXTURES, HOST, pkg, serve, tempDir, writeFolder } from './repo-fixtures.js';

const names = (r: Awaited<ReturnType<typeof readRepository>>) => r.packages.map((p) => `${p.summary.name}@${p.summary.releaseVersion}`);

async function refused(promise: Promise<unknown>, type: string, message: RegExp): Promise<CosmosError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof CosmosError, `a CosmosError, not ${String(e)}`);
    assert.equal(e.type, type, e.message);
    assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected ${type}`);
}

describe('readRepository: a Universe index over HTTP', () => {
  const index = JSON.stringify({
    packages: [pkg({ name: 'redis', packagingVersion: '3.0', releaseVersion: 1 }), pkg({ name: 'redis', releaseVersion: 2, version: '2.0' }), pkg({ name: 'alpha', packagingVersion: '5.0' }), pkg({ name: 'old', packagingVersion: '2.0' })],
  });
  let server: Awaited<ReturnType<typeof serve>>;
  const routes = new Map<string, (res: import('node:http').ServerResponse) => void>();
  before(async () => {
    server = await serve((req, res) => {
      const route = routes.get(req.url ?? '');
      if (route) route(res);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('no');
    });
  });
  after(() => server.close());

  const cases: Array<[string, string]> = [
    ['v5', UniverseMediaTypes.v5],
    ['v4', UniverseMediaTypes.v4],
    ['v3', UniverseMediaTypes.v3],
    ['v4, parameters in another order and case', 'application/vnd.dcos.universe.repo+json; version=v4; charset=UTF-8'],
    ['plain application/json (an index served as a file)', 'application/json'],
  ];
  for (const [label, contentType] of cases) {
    it(`decodes an index answered as ${label}, every packagingVersion, sorted by name then releaseVersion descending`, async () => {
      routes.set('/repo', (res) => res.writeHead(200, { 'content-type': contentType }).end(index));
      const r = await readRepository({ name: 'u', uri: `${server.url}/repo` });
      assert.deepEqual(names(r), ['redis@2', 'redis@1', 'old@0', 'alpha@0']);
    });
  }

  it('sends the request Cosmos sends: Accept v5,v4,v3, Accept-Encoding gzip, a User-Agent naming dcos-toolkit', async () => {
    routes.set('/h', (res) => res.writeHead(200, { 'content-type': UniverseMediaTypes.v5 }).end(index));
    const before = server.requests.length;
    await readRepository({ name: 'u', uri: `${server.url}/h` });
    const req = server.requests[before]!;
    assert.equal(req.headers.accept, `${UniverseMediaTypes.v5},${UniverseMediaTypes.v4},${UniverseMediaTypes.v3}`);
    assert.equal(req.headers['accept-encoding'], 'gzip');
    assert.match(req.headers['user-agent'] ?? '', /^dcos-toolkit\/\d+\.\d+\.\d+/);
  });

  it('gunzips a gzip-encoded index', async () => {
    routes.set('/gz', (res) => res.writeHead(200, { 'content-type': UniverseMediaTypes.v4, 'content-encoding': 'gzip' }).end(gzipSync(index)));
    assert.equal((await readRepository({ name: 'u', uri: `${server.url}/gz` })).packages.length, 4);
  });

  it('follows redirects, a bounded number of times', async () => {
    routes.set('/moved', (res) => res.writeHead(302, { location: '/repo2' }).end());
    routes.set('/repo2', (res) => res.writeHead(200, { 'content-type': UniverseMediaTypes.v3 }).end(index));
    assert.equal((await readRepository({ name: 'u', uri: `${server.url}/moved` })).packages.length, 4);
    routes.set('/loop', (res) => res.writeHead(301, { location: `${server.url}/loop` }).end());
    await refused(readRepository({ name: 'u', uri: `${server.url}/loop` }), 'RepositoryUriConnection', /more than 5 redirects/);
  });

  it('refuses an HTTP error status with UniverseClientHttpError, as Cosmos names it', async () => {
    const e = await refused(readRepository({ name: 'u', uri: `${server.url}/missing` }), 'UniverseClientHttpError', /^Unexpected upstream http error while fetching repository 'u' at http:\/\/.*\/missing: GET 404$/);
    assert.deepEqual(e.data, { packageRepository: { name: 'u', uri: `${server.url}/missing` }, method: 'GET', clientStatus: 404, status: 500 });
  });

  it('refuses an HTML page with UnsupportedContentType listing what it accepts', async () => {
    routes.set('/html', (res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html></html>'));
    const e = await refused(readRepository({ name: 'u', uri: `${server.url}/html` }), 'UnsupportedContentType', /^Unsupported Content-Type: text\/html; charset=utf-8 Accept: \[application\/vnd\.dcos\.universe\.repo\+json;charset=utf-8;version=v5, .*application\/json\]$/);
    assert.equal(e.data?.actual, 'text/html; charset=utf-8');
  });

  it('refuses malformed JSON naming the repository and the position', async () => {
    routes.set('/bad', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"packages": [\n  {"name": }\n]}'));
    const e = await refused(readRepository({ name: 'bad', uri: `${server.url}/bad` }), 'RepositoryNotReadable', /^Repository \[bad\] at http:.* is not a valid package repository: the index is not valid JSON: .* at line 2 column 12 \(position 26\)$/);
    assert.equal(e.data?.position, 26);
  });

  it('refuses an index larger than the limit', async () => {
    routes.set('/big', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(index));
    await refused(readRepository({ name: 'u', uri: `${server.url}/big` }, { maxBytes: 100 }), 'RepositoryUriConnection', /larger than 100 bytes/);
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    routes.set('/slow', () => undefined);
    await refused(readRepository({ name: 'u', uri: `${server.url}/slow` }, { timeoutMs: 200 }), 'RepositoryUriConnection', /Could not access data at URI for repository \[u\]: .*\/slow: .*Timeout/i);
  });

  it('reads only regular files and folders: a device such as /dev/zero is refused, not read without end', async () => {
    await refused(readRepository({ name: 'z', uri: 'file:///dev/zero' }), 'RepositoryUriConnection', /\/dev\/zero: neither a regular file \(an index\) nor a directory/);
  });

  it('cuts off a server that trickles its answer: the whole fetch has a deadline, not only each read', async () => {
    let timer: NodeJS.Timeout | undefined;
    routes.set('/trickle', (res) => {
      res.writeHead(200, { 'content-type': UniverseMediaTypes.v5 }).write('{"packages":[');
      timer = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(timer));
    });
    try {
      await refused(readRepository({ name: 'u', uri: `${server.url}/trickle` }, { timeoutMs: 200, deadlineMs: 300 }), 'RepositoryUriConnection', /\/trickle: no whole answer within 0\.3 s$/);
    } finally {
      clearInterval(timer);
    }
  });

  it('refuses a server that is not there with RepositoryUriConnection', async () => {
    // Port 9 on this test address: nothing listens there.
    await refused(readRepository({ name: 'gone', uri: `http://${HOST}:9/repo` }), 'RepositoryUriConnection', /^Could not access data at URI for repository \[gone\]: http:\/\/127\.0\.121\.1:9\/repo: .*ECONNREFUSED/);
  });
});

describe('readRepository: checking each package of an index', () => {
  const table: Array<[string, unknown, RegExp]> = [
    ['a missing required field', { ...pkg({ name: 'a' }), maintainer: undefined }, /packages\[1\] \(a\): maintainer is required/],
    ['a packagingVersion outside 2.0–5.0', pkg({ name: 'a', packagingVersion: '6.0' as '5.0' }), /packages\[1\] \(a\): packagingVersion must be one of 2\.0, 3\.0, 4\.0, 5\.0/],
    ['a negative releaseVersion', pkg({ name: 'a', releaseVersion: -1 }), /releaseVersion must be an integer ≥ 0/],
    ['a fractional releaseVersion', pkg({ name: 'a', releaseVersion: 1.5 }), /releaseVersion must be an integer ≥ 0/],
    ['a template that is not base64', pkg({ name: 'a', marathon: { v2AppMustacheTemplate: '{"id": 1}' } }), /marathon v2AppMustacheTemplate must be standard base64/],
    ['a 2.0 package without a template', { ...pkg({ name: 'a', packagingVersion: '2.0' }), marathon: undefined }, /marathon is required for packagingVersion 2\.0/],
    ['tags that are not strings', pkg({ name: 'a', tags: [1] as unknown as string[] }), /tags must be an array of strings/],
    ['a package that is not an object', 'a', /packages\[1\]: the package must be an object/],
  ];
  for (const [label, bad, message] of table) {
    it(`refuses ${label}, naming the package's index, name and field`, async () => {
      const t = tempDir();
      try {
        writeFileSync(join(t.dir, 'index.json'), JSON.stringify({ packages: [pkg({ name: 'ok' }), bad] }));
        const e = await refused(readRepository({ name: 'r', uri: `${t.uri}/index.json` }), 'RepositoryNotReadable', message);
        assert.equal((e.data?.package as { index: number }).index, 1);
      } finally {
        t.cleanup();
      }
    });
  }

  it('refuses a document without a packages array', async () => {
    const t = tempDir();
    try {
      writeFileSync(join(t.dir, 'index.json'), '{"package": []}');
      await refused(readRepository({ name: 'r', uri: `${t.uri}/index.json` }), 'RepositoryNotReadable', /must be a JSON object with an array "packages"/);
    } finally {
      t.cleanup();
    }
  });
});

describe('readRepository: URIs', () => {
  const table: Array<[string, string, RegExp]> = [
    ['a plain path, naming the file:// URI meant', '/srv/universe', /^URI for repository \[r\] has invalid syntax: \/srv\/universe: a path is not a URI; for a local repository write file:\/\/\/srv\/universe$/],
    ['a relative reference', 'universe/repo', /not an absolute URI/],
    ['an unsupported scheme', 'ftp://example.com/repo', /scheme ftp is not supported/],
    ['a file URI of another host', 'file://server/repo', /not on server/],
  ];
  for (const [label, uri, message] of table) {
    it(`refuses ${label} with RepositoryUriSyntax`, async () => {
      const e = await refused(readRepository({ name: 'r', uri }), 'RepositoryUriSyntax', message);
      assert.deepEqual((e.data as { repository: unknown }).repository, { name: 'r', uri });
    });
  }

  it('refuses a file URI of nothing with RepositoryUriConnection', async () => {
    await refused(readRepository({ name: 'r', uri: 'file:///nonexistent/universe.json' }), 'RepositoryUriConnection', /ENOENT/);
  });
});

describe('readRepository: a folder repository', () => {
  it('reads the fixtures folder (packages/<name>/<revision>/) into the 13 packages', async () => {
    const r = await readRepository({ name: 'fixtures', uri: FIXTURES.href });
    assert.equal(r.packages.length, 13);
    assert.equal(r.packages[0]!.summary.name, 'spark');
    assert.equal(r.packages[0]!.summary.releaseVersion, 1100);
    const crate = r.packages.find((p) => p.summary.name === 'crate')!;
    const def = await crate.definition();
    assert.equal(def.releaseVersion, 0);
    assert.match(Buffer.from(def.marathon!.v2AppMustacheTemplate, 'base64').toString('utf8'), /"id"/);
  });

  for (const [label, prefix] of [['<name>/<revision>/', ''], ['Universe packages/<L>/<name>/<revision>/', 'packages/R/'], ['repo/packages/<L>/<name>/<revision>/', 'repo/packages/R/']] as const) {
    it(`reads the layout ${label}`, async () => {
      const t = tempDir();
      try {
        mkdirSync(join(t.dir, prefix), { recursive: true });
        writeFolder(join(t.dir, prefix), [pkg({ name: 'redis', releaseVersion: 3 }), pkg({ name: 'redis', releaseVersion: 10, version: '2' })]);
        writeFileSync(join(t.dir, 'README.md'), 'not a package');
        const r = await readRepository({ name: 'f', uri: t.uri });
        assert.deepEqual(names(r), ['redis@10', 'redis@3']);
      } finally {
        t.cleanup();
      }
    });
  }

  it('names a package.json that is not valid JSON with its path and the position', async () => {
    const t = tempDir();
    try {
      mkdirSync(join(t.dir, 'redis', '0'), { recursive: true });
      writeFileSync(join(t.dir, 'redis', '0', 'package.json'), '{\n  "name": "redis",\n  "tags": [,]\n}');
      const file = join(t.dir, 'redis', '0', 'package.json');
      const e = await refused(readRepository({ name: 'f', uri: t.uri }), 'RepositoryNotReadable', /package\.json: is not valid JSON: .* at line 3 column 12 \(position 32\)$/);
      assert.equal(e.data?.file, file);
      assert.equal(e.data?.line, 3);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a package.json without a required field, a folder named otherwise, and a revision that is not a number', async () => {
    const t = tempDir();
    try {
      writeFolder(t.dir, [{ ...pkg({ name: 'a' }), description: undefined as unknown as string }]);
      await refused(readRepository({ name: 'f', uri: t.uri }), 'RepositoryNotReadable', /a\/0\/package\.json: description is required$/);
      t.cleanup();
      writeFolder(t.dir, [pkg({ name: 'b' })]);
      mkdirSync(join(t.dir, 'c'));
      symlinkSync(join(t.dir, 'b', '0'), join(t.dir, 'c', '0'));
      await refused(readRepository({ name: 'f', uri: t.uri }), 'RepositoryNotReadable', /c\/0\/package\.json: name "b" differs from its folder's name "c"/);
      t.cleanup();
      mkdirSync(join(t.dir, 'd', 'latest'), { recursive: true });
      await refused(readRepository({ name: 'f', uri: t.uri }), 'RepositoryNotReadable', /d\/latest is not a revision directory/);
    } finally {
      t.cleanup();
    }
  });
});
