import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackageDefinition, PackageRepository } from '../../../../../src/api/cosmos-types.js';
import { ManualClock } from '../../../../../src/core/clock.js';
import { CosmosError } from '../../../../../src/runtime/packages/cosmos-error.js';
import { readRepository } from '../../../../../src/runtime/packages/repository/read-repository.js';
import { RepositoryCache } from '../../../../../src/runtime/packages/repository/repository-cache.js';
import { RepositoryPackageCollection } from '../../../../../src/runtime/packages/repository/repository-package-collection.js';
import { generateUniverseIndex } from '../../../../harness/universe-index.js';
import { pkg, tempDir, writeFolder } from './repo-fixtures.js';

/** Index files in a temp dir, one per repository, and a collection over them in that order. */
function collectionOf(repos: PackageDefinition[][], clock = new ManualClock()) {
  const t = tempDir();
  const list: PackageRepository[] = repos.map((packages, i) => {
    writeFileSync(join(t.dir, `r${i}.json`), JSON.stringify({ packages }));
    return { name: `r${i}`, uri: `${t.uri}/r${i}.json` };
  });
  let reads = 0;
  const cache = new RepositoryCache({ clock, read: (r) => (reads++, readRepository(r)) });
  const collection = new RepositoryPackageCollection({ repositories: async () => list, cache });
  return { collection, cache, t, list, reads: () => reads };
}

async function cosmosFailure(p: Promise<unknown>): Promise<CosmosError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CosmosError, String(e));
    return e;
  }
  assert.fail('expected a CosmosError');
}

describe('RepositoryPackageCollection: search (Cosmos §5.2)', () => {
  const packages = [
    pkg({ name: 'kafka', description: 'Apache Kafka brokers', tags: ['message', 'Streaming'], selected: true, resource: { images: { 'icon-small': 'k.png' } } }),
    pkg({ name: 'confluent-kafka', description: 'Kafka by Confluent', tags: ['message'] }),
    pkg({ name: 'redis', description: 'In-memory store', tags: ['database', 'nosql'], framework: true }),
    pkg({ name: 'arangodb', description: 'A multi-model database', tags: ['DB'] }),
  ];
  const { collection, t } = collectionOf([packages]);
  after(() => t.cleanup());

  const table: Array<[string | undefined, string[]]> = [
    [undefined, ['kafka', 'arangodb', 'confluent-kafka', 'redis']],
    ['', ['kafka', 'arangodb', 'confluent-kafka', 'redis']],
    ['KAFKA', ['kafka', 'confluent-kafka']],
    ['streaming', ['kafka']],
    ['memory', ['redis']],
    ['db', ['arangodb']],
    ['kafka*', ['kafka']],
    ['*kafka', ['kafka', 'confluent-kafka']],
    ['Kafka*', ['confluent-kafka']],
    ['KAFKA*', []],
    ['*nosql*', ['redis']],
    ['*', ['kafka', 'arangodb', 'confluent-kafka', 'redis']],
    ['a.*', []],
    ['nothing', []],
  ];
  for (const [query, expected] of table) {
    it(`${query === undefined ? 'no query' : JSON.stringify(query)} finds ${JSON.stringify(expected)}: selected first, then by name`, async () => {
      assert.deepEqual((await collection.search(query)).map((r) => r.name), expected);
    });
  }

  it('answers Cosmos\'s result fields: currentVersion, versions as strings, framework and selected defaulting to false, images from resource.images', async () => {
    const [kafka, , , redis] = await collection.search();
    assert.deepEqual(kafka, { name: 'kafka', currentVersion: '1.0.0', versions: { '1.0.0': '0' }, description: 'Apache Kafka brokers', framework: false, tags: ['message', 'Streaming'], selected: true, images: { 'icon-small': 'k.png' } });
    assert.deepEqual(redis, { name: 'redis', currentVersion: '1.0.0', versions: { '1.0.0': '0' }, description: 'In-memory store', framework: true, tags: ['database', 'nosql'], selected: false });
  });
});

describe('RepositoryPackageCollection: merging repositories and choosing a package (Cosmos §2.4)', () => {
  const r0 = [pkg({ name: 'a', version: '1.0', releaseVersion: 1 }), pkg({ name: 'a', version: '0.9', releaseVersion: 0 })];
  const r1 = [pkg({ name: 'a', version: '2.0', releaseVersion: 9 }), pkg({ name: 'a', version: '1.0', releaseVersion: 5, description: 'shadowed' }), pkg({ name: 'b', version: '3.0', releaseVersion: 2 })];
  const r2 = [pkg({ name: 'b', version: '4.0', releaseVersion: 0 }), pkg({ name: 'c', version: '1.0', releaseVersion: 0 }), pkg({ name: 'c', version: '1.1', releaseVersion: 7 }), pkg({ name: 'c', version: '0.1', releaseVersion: 3 })];
  const { collection, t, list } = collectionOf([r0, r1, r2]);
  after(() => t.cleanup());

  it('resolves a name in the first repository that has it, to its highest releaseVersion (not the highest version)', async () => {
    const a = await collection.resolve('a');
    assert.equal(a.pkg.version, '1.0');
    assert.equal(a.repository.uri, list[0]!.uri);
    const b = await collection.resolve('b');
    assert.equal(b.pkg.version, '3.0');
    assert.equal(b.repository.name, 'r1');
    assert.equal((await collection.resolve('c')).pkg.version, '1.1');
  });

  it('resolves a version exactly, in any repository, the first repository winning for the same version', async () => {
    const a2 = await collection.resolve('a', '2.0');
    assert.equal(a2.repository.name, 'r1');
    const a1 = await collection.resolve('a', '1.0');
    assert.equal(a1.repository.name, 'r0');
    assert.equal(a1.pkg.releaseVersion, 1);
    assert.equal((await collection.resolve('b', '4.0')).repository.name, 'r2');
  });

  it('lists every version of a name over all repositories, each with the releaseVersion of the copy kept', async () => {
    assert.deepEqual(await collection.versions('a'), { '1.0': '1', '0.9': '0', '2.0': '9' });
    assert.deepEqual(await collection.versions('c'), { '1.1': '7', '0.1': '3', '1.0': '0' });
  });

  it('searches with the first repository\'s package as the current version and every version', async () => {
    const [a] = await collection.search('a');
    assert.equal(a!.currentVersion, '1.0');
    assert.equal(a!.description, 'The a package');
    assert.deepEqual(a!.versions, { '1.0': '1', '0.9': '0', '2.0': '9' });
  });

  it('answers VersionNotFound for a version no repository has', async () => {
    const e = await cosmosFailure(collection.resolve('a', '1.0.0'));
    assert.equal(e.type, 'VersionNotFound');
    assert.equal(e.message, 'Version [1.0.0] of package [a] not found');
    assert.deepEqual(e.data, { packageName: 'a', packageVersion: '1.0.0' });
  });
});

describe('RepositoryPackageCollection: PackageNotFound', () => {
  const { collection, t } = collectionOf([[pkg({ name: 'kafka' }), pkg({ name: 'confluent-kafka' }), pkg({ name: 'kafka-zookeeper' }), pkg({ name: 'cassandra' }), pkg({ name: 'spark' })]]);
  after(() => t.cleanup());

  it('names up to 3 close names in data.closest and in the message', async () => {
    const e = await cosmosFailure(collection.resolve('kafak'));
    assert.equal(e.type, 'PackageNotFound');
    assert.equal(e.status, 400);
    assert.equal(e.message, 'Package [kafak] not found. Did you mean: kafka?');
    assert.deepEqual(e.data, { packageName: 'kafak', closest: ['kafka'] });
    const k = await cosmosFailure(collection.versions('kafk'));
    assert.deepEqual(k.data?.closest, ['kafka', 'confluent-kafka', 'kafka-zookeeper']);
  });

  it('answers Cosmos\'s message alone when no name is close', async () => {
    const e = await cosmosFailure(collection.resolve('postgresql'));
    assert.equal(e.message, 'Package [postgresql] not found');
    assert.deepEqual(e.data, { packageName: 'postgresql', closest: [] });
  });
});

describe('RepositoryPackageCollection: caching repository reads', () => {
  it('reads each repository once per TTL (Cosmos: 1 minute) and again after it', async () => {
    const clock = new ManualClock();
    const { collection, t, reads, list } = collectionOf([[pkg({ name: 'a' })]], clock);
    try {
      await collection.search();
      await collection.resolve('a');
      assert.equal(reads(), 1);
      writeFileSync(new URL(list[0]!.uri), JSON.stringify({ packages: [pkg({ name: 'a' }), pkg({ name: 'b' })] }));
      clock.advance(59_999);
      assert.equal((await collection.search()).length, 1, 'the cached read still answers');
      clock.advance(1);
      assert.equal((await collection.search()).length, 2, 'read again once the minute is over');
      assert.equal(reads(), 2);
    } finally {
      t.cleanup();
    }
  });

  it('does not keep a failed read', async () => {
    const clock = new ManualClock();
    const { collection, t, reads, list } = collectionOf([[pkg({ name: 'a' })]], clock);
    try {
      writeFileSync(new URL(list[0]!.uri), '{');
      assert.equal((await cosmosFailure(collection.search())).type, 'RepositoryNotReadable');
      writeFileSync(new URL(list[0]!.uri), JSON.stringify({ packages: [pkg({ name: 'a' })] }));
      assert.equal((await collection.search()).length, 1);
      assert.equal(reads(), 2);
    } finally {
      t.cleanup();
    }
  });
});

describe('RepositoryPackageCollection over a folder repository', () => {
  it('searches without reading templates, and fails naming the template when the package is resolved', async () => {
    const t = tempDir();
    try {
      writeFolder(t.dir, [pkg({ name: 'broken', resource: { images: { 'icon-small': 'b.png' } } }), pkg({ name: 'dangling' }), pkg({ name: 'fine' })]);
      // Unreadable even by root: a template that is a directory, and one that is a dangling symlink.
      const dirTemplate = join(t.dir, 'broken', '0', 'marathon.json.mustache');
      rmSync(dirTemplate);
      mkdirSync(dirTemplate);
      const linkTemplate = join(t.dir, 'dangling', '0', 'marathon.json.mustache');
      rmSync(linkTemplate);
      symlinkSync(join(t.dir, 'nowhere'), linkTemplate);
      writeFileSync(join(t.dir, 'dangling', '0', 'config.json'), '{"type": "object", ');
      const cache = new RepositoryCache({ clock: new ManualClock(), read: readRepository });
      const collection = new RepositoryPackageCollection({ repositories: async () => [{ name: 'folder', uri: t.uri }], cache });

      const found = await collection.search();
      assert.deepEqual(found.map((r) => r.name), ['broken', 'dangling', 'fine']);
      assert.deepEqual(found[0]!.images, { 'icon-small': 'b.png' });
      assert.deepEqual(await collection.versions('dangling'), { '1.0.0': '0' });

      const broken = await cosmosFailure(collection.resolve('broken'));
      assert.equal(broken.type, 'RepositoryNotReadable');
      assert.equal(broken.data?.file, dirTemplate);
      assert.match(broken.message, /marathon\.json\.mustache: is a directory, not a file/);
      const dangling = await cosmosFailure(collection.resolve('dangling'));
      assert.equal(dangling.data?.file, join(t.dir, 'dangling', '0', 'config.json'), 'config.json, read before the template, is named first');
      writeFileSync(join(t.dir, 'dangling', '0', 'config.json'), '{}');
      const again = await cosmosFailure(collection.resolve('dangling'));
      assert.equal(again.data?.file, linkTemplate);
      assert.match(again.message, /cannot be read \(ENOENT\)/);
      const fine = (await collection.resolve('fine')).pkg;
      assert.equal(fine.name, 'fine');
      assert.equal((await collection.resolve('fine')).pkg, fine, 'read once: what renderers cache by stays the same object');
    } finally {
      t.cleanup();
    }
  });
});

describe('RepositoryPackageCollection at scale', function () {
  this.timeout(120_000);
  it('searches an index of 10,000 packages and keeps each template as the base64 the index holds until it is needed', async () => {
    const t = tempDir();
    try {
      writeFileSync(join(t.dir, 'universe.json'), JSON.stringify(generateUniverseIndex()));
      const cache = new RepositoryCache({ clock: new ManualClock(), read: readRepository });
      const collection = new RepositoryPackageCollection({ repositories: async () => [{ name: 'big', uri: `${t.uri}/universe.json` }], cache });
      assert.equal((await collection.search()).length, 10_000);
      // How fast is `npm run bench`'s to say (bench/packages.ts); this says what is searched.
      const hits = await collection.search('stream');
      const all = await collection.search();
      assert.ok(hits.length > 0 && all.length === 10_000);
      const resolved = await collection.resolve(all[0]!.name);
      assert.match(resolved.pkg.marathon!.v2AppMustacheTemplate, /^[A-Za-z0-9+/]+=*$/, 'the template is still base64 when resolved');
    } finally {
      t.cleanup();
    }
  });
});
