import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../../../../src/core/clock.js';
import { CosmosError } from '../../../../../src/runtime/packages/cosmos-error.js';
import { readRepository } from '../../../../../src/runtime/packages/repository/read-repository.js';
import { RepositoryCache } from '../../../../../src/runtime/packages/repository/repository-cache.js';
import { REPOSITORIES_KEY, StoredRepositoryList } from '../../../../../src/runtime/packages/repository/stored-repository-list.js';
import { SqliteStateStore } from '../../../../../src/runtime/state/sqlite-store.js';
import { FIXTURES, HOST, pkg, serve, tempDir } from './repo-fixtures.js';

describe('StoredRepositoryList', () => {
  const builtIn = { name: 'Built-in', uri: FIXTURES.href };
  let store: SqliteStateStore;
  let t: ReturnType<typeof tempDir>;
  let server: Awaited<ReturnType<typeof serve>>;
  let list: StoredRepositoryList;
  let cache: RepositoryCache;
  const good = (name: string) => {
    writeFileSync(join(t.dir, `${name}.json`), JSON.stringify({ packages: [pkg({ name })] }));
    return { name, uri: `${t.uri}/${name}.json` };
  };
  before(async () => {
    server = await serve((req, res) => {
      if (req.url === '/html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
      else if (req.url === '/malformed') res.writeHead(200, { 'content-type': 'application/json' }).end('{"packages": [}');
      else if (req.url === '/missing-field') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ packages: [{ ...pkg({ name: 'x' }), version: undefined }] }));
      else res.writeHead(404).end();
    });
  });
  after(() => server.close());
  beforeEach(() => {
    store = new SqliteStateStore(':memory:');
    t = tempDir();
    cache = new RepositoryCache({ clock: new ManualClock(), read: readRepository });
    list = new StoredRepositoryList({ store, defaults: [builtIn], cache });
  });
  afterEach(async () => {
    await store.close();
    t.cleanup();
  });

  async function refused(p: Promise<unknown>, type: string, message: string | RegExp, data?: Record<string, unknown>) {
    try {
      await p;
    } catch (e) {
      assert.ok(e instanceof CosmosError, String(e));
      assert.equal(e.type, type, e.message);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      if (data) assert.deepEqual(e.data, data);
      assert.deepEqual(await list.list(), [builtIn], 'the list is as it was');
      assert.equal(await store.get(REPOSITORIES_KEY), undefined, 'nothing written');
      return e;
    }
    assert.fail(`expected ${type}`);
  }

  it('lists the composer\'s defaults until the list is first written', async () => {
    assert.deepEqual(await list.list(), [builtIn]);
  });

  it('adds at the end by default and at an index 0..length, and keeps the order in the store', async () => {
    const a = good('a');
    const b = good('b');
    const c = good('c');
    assert.deepEqual(await list.add(a), [builtIn, a]);
    assert.deepEqual(await list.add(b, 0), [b, builtIn, a]);
    assert.deepEqual(await list.add(c, 3), [b, builtIn, a, c]);
    assert.deepEqual(await store.get(REPOSITORIES_KEY), [b, builtIn, a, c]);
    assert.deepEqual(await new StoredRepositoryList({ store, defaults: [], cache }).list(), [b, builtIn, a, c], 'read back from the store');
  });

  it('deletes by name, by URI, or by both, and answers RepositoryNotPresent when nothing matches', async () => {
    const a = good('a');
    const b = good('b');
    await list.add(a);
    await list.add(b);
    assert.deepEqual(await list.delete({ name: 'a' }), [builtIn, b]);
    assert.deepEqual(await list.delete({ uri: builtIn.uri }), [b]);
    for (const [which, message] of [
      [{ name: 'zzz' }, 'Repository name [zzz] is not present in the list'],
      [{ uri: 'file:///zzz' }, 'Repository URI [file:///zzz] is not present in the list'],
      [{ name: 'b', uri: 'file:///zzz' }, 'Neither repository name [b] nor URI [file:///zzz] are present in the list'],
    ] as const) {
      await assert.rejects(list.delete(which), (e: CosmosError) => e.type === 'RepositoryNotPresent' && e.message === message && JSON.stringify(e.data) === JSON.stringify(which));
    }
    assert.deepEqual(await list.delete({ name: 'b', uri: b.uri }), []);
    await assert.rejects(list.delete({}), (e: CosmosError) => e.type === 'RepoNameOrUriMissing');
    assert.deepEqual(await list.list(), [], 'an emptied list stays empty, not the defaults');
  });

  it('keeps the read that validated an added repository, and forgets the read of a deleted one only', async () => {
    const a = good('a');
    const b = good('b');
    await list.add(a);
    await list.add(b);
    const first = await cache.get(a);
    const other = await cache.get(b);
    await list.delete({ name: 'a' });
    assert.notEqual(await cache.get(a), first);
    assert.equal(await cache.get(b), other, "another repository's read stays");
  });

  describe('refuses, leaving the list as it was', () => {
    it('a name already present', () => refused(list.add({ name: 'Built-in', uri: 'https://x.example/repo' }), 'RepositoryAlreadyPresent', 'Repository name [Built-in] is already present in the list', { name: 'Built-in' }));
    it('a URI already present', () => refused(list.add({ name: 'other', uri: builtIn.uri }), 'RepositoryAlreadyPresent', `Repository URI [${builtIn.uri}] is already present in the list`, { uri: builtIn.uri }));
    it('both already present', () => refused(list.add(builtIn), 'RepositoryAlreadyPresent', `Repository name [Built-in] and URI [${builtIn.uri}] are both already present in the list`));
    it('an index past the end', () => refused(list.add(good('a'), 2), 'RepositoryAddIndexOutOfBounds', 'Index (2) is out of range. Index value must be between 0 and 1 inclusive.', { attempted: 2, max: 1 }));
    it('a negative index', () => refused(list.add(good('a'), -1), 'RepositoryAddIndexOutOfBounds', /^Index \(-1\) is out of range/));
    it('a plain path', () => refused(list.add({ name: 'p', uri: '/srv/repo' }), 'RepositoryUriSyntax', /write file:\/\/\/srv\/repo$/));
    it('an unreachable server', () => refused(list.add({ name: 'gone', uri: `http://${HOST}:9/repo` }), 'RepositoryUriConnection', /^Could not access data at URI for repository \[gone\]: http:\/\/127\.0\.121\.1:9\/repo: /));
    it('a 404, with status 400 as Cosmos answers it on add', async () => {
      const e = await refused(list.add({ name: 'nf', uri: `${server.url}/nope` }), 'UniverseClientHttpError', /GET 404$/);
      assert.equal(e.status, 400);
      assert.equal(e.data?.status, 400);
    });
    it('an HTML page', () => refused(list.add({ name: 'h', uri: `${server.url}/html` }), 'UnsupportedContentType', /^Unsupported Content-Type: text\/html Accept: /));
    it('malformed JSON, naming the position', () => refused(list.add({ name: 'm', uri: `${server.url}/malformed` }), 'RepositoryNotReadable', /not valid JSON: .* at line 1 column 15 \(position 14\)$/));
    it('a package missing a field', () => refused(list.add({ name: 'f', uri: `${server.url}/missing-field` }), 'RepositoryNotReadable', /packages\[0\] \(x\): version is required$/));
  });

  it('serializes concurrent adds: both land, in the order they were called', async () => {
    const a = good('a');
    const b = good('b');
    const [, second] = await Promise.all([list.add(a), list.add(b)]);
    assert.deepEqual(second, [builtIn, a, b]);
    assert.deepEqual(await list.list(), [builtIn, a, b]);
  });
});
