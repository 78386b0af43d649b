import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliConfig, resolveDcosDir, writeSecretFile, type ClusterConfig } from '../../../src/cli/config.js';
import { DcosError, ErrorCodes } from '../../../src/core/errors.js';

describe('CLI config', () => {
  let dir: string;
  let config: CliConfig;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dcos-config-'));
    config = new CliConfig(join(dir, 'dcos'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cluster = (name: string, over: Partial<ClusterConfig> = {}): ClusterConfig => ({
    name,
    url: 'http://127.0.1.1:5050',
    tokenFile: join(config.clusterDir(name), 'token'),
    type: 'local',
    createdAt: '2025-01-01T00:00:00.000Z',
    ...over,
  });

  it('lives in $DCOS_DIR, or ~/.dcos without it', () => {
    assert.equal(resolveDcosDir({ DCOS_DIR: '/srv/dcos' }), '/srv/dcos');
    assert.equal(resolveDcosDir({}), join(homedir(), '.dcos'));
    assert.equal(resolveDcosDir({ DCOS_DIR: '  ' }), join(homedir(), '.dcos'));
  });

  it('keeps each cluster in clusters/<name>/cluster.json, in a 0700 directory', async () => {
    await config.saveCluster(cluster('dev'));
    const file = join(config.dir, 'clusters', 'dev', 'cluster.json');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), cluster('dev'));
    assert.equal(statSync(join(config.dir, 'clusters', 'dev')).mode & 0o777, 0o700);
    assert.equal(statSync(config.dir).mode & 0o777, 0o700);
    assert.deepEqual(await config.getCluster('dev'), cluster('dev'));
    assert.equal(await config.getCluster('nope'), undefined);
  });

  it('lists clusters by name and skips a damaged one instead of failing', async () => {
    await config.saveCluster(cluster('b'));
    await config.saveCluster(cluster('a'));
    await config.ensureClusterDir('broken');
    writeFileSync(join(config.clusterDir('broken'), 'cluster.json'), '{not json');
    assert.deepEqual((await config.listClusters()).map((c) => c.name), ['a', 'b']);
  });

  it('lists nothing when $DCOS_DIR does not exist yet', async () => {
    assert.deepEqual(await config.listClusters(), []);
    assert.equal(await config.attachedName(), undefined);
  });

  it('records the attached cluster by name in the `attached` file', async () => {
    await config.saveCluster(cluster('dev'));
    await config.attach('dev');
    assert.equal(readFileSync(join(config.dir, 'attached'), 'utf8').trim(), 'dev');
    assert.equal((await config.attachedCluster()).name, 'dev');
    await config.detach();
    assert.equal(await config.attachedName(), undefined);
  });

  it('refuses to attach a cluster that is not configured', async () => {
    await assert.rejects(config.attach('ghost'), (e: unknown) => e instanceof DcosError && e.code === ErrorCodes.NOT_FOUND);
  });

  it('answers DCOS_ERR_NO_CLUSTER when nothing is attached, or the attached cluster is gone', async () => {
    await assert.rejects(config.attachedCluster(), (e: unknown) => e instanceof DcosError && e.code === ErrorCodes.NO_CLUSTER && /cluster up --local/.test(e.message));
    await config.saveCluster(cluster('dev'));
    await config.attach('dev');
    rmSync(join(config.clusterDir('dev'), 'cluster.json'));
    await assert.rejects(config.attachedCluster(), (e: unknown) => e instanceof DcosError && e.code === ErrorCodes.NO_CLUSTER && /"dev"/.test(e.message));
  });

  it('removing a cluster deletes its directory, secrets included, and detaches it', async () => {
    await config.saveCluster(cluster('dev'));
    await writeSecretFile(join(config.clusterDir('dev'), 'token'), 'secret');
    await config.attach('dev');
    await config.removeCluster('dev');
    assert.equal(await config.getCluster('dev'), undefined);
    assert.equal(await config.attachedName(), undefined);
  });

  it('writes secrets to their own 0600 files and reads the token back trimmed', async () => {
    await config.saveCluster(cluster('dev'));
    const tokenFile = join(config.clusterDir('dev'), 'token');
    await writeSecretFile(tokenFile, 'abc123\n');
    assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
    assert.equal(await config.readToken(cluster('dev')), 'abc123');
    assert.doesNotMatch(readFileSync(join(config.clusterDir('dev'), 'cluster.json'), 'utf8'), /abc123/, 'cluster.json never holds the secret');
  });

  it('tightens a secret file written over an existing world-readable one', async () => {
    await config.ensureClusterDir('dev');
    const tokenFile = join(config.clusterDir('dev'), 'token');
    writeFileSync(tokenFile, 'old', { mode: 0o644 });
    await writeSecretFile(tokenFile, 'new');
    assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
  });

  it('names the token file when it cannot be read, without printing any secret', async () => {
    await assert.rejects(config.readToken({ name: 'dev', tokenFile: join(dir, 'missing') }), (e: unknown) =>
      e instanceof DcosError && e.code === ErrorCodes.UNAUTHORIZED && e.message.includes(join(dir, 'missing')));
  });

  it('rejects cluster names that are not safe directory names', () => {
    for (const bad of ['../etc', 'a/b', '', '.hidden', 'x'.repeat(64)]) {
      assert.throws(() => config.clusterDir(bad), (e: unknown) => e instanceof DcosError && e.code === ErrorCodes.BAD_REQUEST, bad);
    }
    assert.doesNotThrow(() => config.clusterDir('dev-1.local_2'));
  });
});
