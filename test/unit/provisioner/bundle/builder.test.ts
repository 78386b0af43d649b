import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DcosError } from '../../../../src/core/errors.js';
import type { BundleProgress } from '../../../../src/provisioner/bundle/bundle.js';
import { productionPackages } from '../../../../src/provisioner/bundle/dependencies.js';
import { ensureBundle, readBundleInfo } from '../../../../src/provisioner/bundle/ensure-bundle.js';
import { keepDependencyFile, nativeRootsOf } from '../../../../src/provisioner/bundle/trim.js';
import { writeFixturePackage } from './fixture-package.js';
import { listTar } from './list-tar.js';

describe('bundle builder', function () {
  this.timeout(20_000);
  let dir: string;
  let root: string;
  let cache: string;
  /** A stand-in node binary: answers what `node -p` would about itself. */
  let node: string;

  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'dcos-bundle-')));
    root = join(dir, 'pkg');
    cache = join(dir, 'cache');
    writeFixturePackage(root);
    node = join(dir, 'node');
    writeFileSync(node, `#!/bin/sh\necho '["v20.0.0-test","linux","x64"]'\n`, { mode: 0o700 });
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const build = (progress?: (p: BundleProgress) => void) => ensureBundle({ packageRoot: root, cacheDir: cache, nodeBinary: node, onProgress: progress });

  describe('production dependencies', () => {
    it('follows dependencies, installed optional and peer dependencies, each where Node will find it, and nothing else', async () => {
      const found = await productionPackages(root);
      assert.deepEqual(found.map((p) => `${p.path}@${p.version}`), [
        'node_modules/a@1.0.0',
        'node_modules/a/node_modules/b@2.0.0',
        'node_modules/bindings@1.5.0',
        'node_modules/native@1.0.0',
        'node_modules/opt-present@1.0.0',
        'node_modules/peer@1.0.0',
      ]);
    });

    it('fails naming a required dependency that is not installed, and who needs it', async () => {
      rmSync(join(root, 'node_modules/a/node_modules/b'), { recursive: true });
      rmSync(join(root, 'node_modules/b'), { recursive: true });
      await assert.rejects(productionPackages(root), (e: DcosError) => {
        assert.equal(e.code, 'DCOS_ERR_INTERNAL');
        assert.match(e.message, /"b", a dependency of node_modules\/a, is not installed where Node would find it/);
        return true;
      });
    });
  });

  describe('trimming', () => {
    it('drops docs, typings, maps and top-level test folders, keeps code and licenses', () => {
      for (const kept of ['index.js', 'lib/x.cjs', 'lib/x.mjs', 'data.json', 'LICENSE', 'lib/test/helper.js', 'lib/docs/x.js', 'build/x.js']) {
        assert.equal(keepDependencyFile(kept), true, kept);
      }
      for (const dropped of ['README.md', 'lib/x.d.ts', 'lib/x.d.mts', 'lib/x.js.map', 'src/x.ts', 'test/x.js', 'tests/x.js', 'docs/api.html', 'examples/x.js', '.github/workflows/ci.yml']) {
        assert.equal(keepDependencyFile(dropped), false, dropped);
      }
    });

    it('keeps only the built addon of a native package', () => {
      assert.equal(keepDependencyFile('build/Release/better_sqlite3.node', ['']), true);
      assert.equal(keepDependencyFile('lib/index.js', ['']), true);
      for (const dropped of ['build/Release/obj.target/x.o', 'build/Release/sqlite3.a', 'build/Makefile', 'build/config.gypi', 'deps/sqlite3/sqlite3.c', 'deps/download.sh', 'src/addon.cpp', 'src/util/x.hpp', 'binding.gyp']) {
        assert.equal(keepDependencyFile(dropped, ['']), false, dropped);
      }
    });

    it('finds native addons below the package root too (ssh2 builds one in lib/protocol/crypto/)', () => {
      const files = ['package.json', 'lib/index.js', 'lib/protocol/crypto/binding.gyp', 'lib/protocol/crypto/poly1305.js', 'lib/protocol/crypto/src/binding.cc',
        'lib/protocol/crypto/build/Release/sshcrypto.node', 'lib/protocol/crypto/build/Release/obj.target/sshcrypto/src/binding.o', 'lib/protocol/crypto/build/Makefile'];
      const roots = nativeRootsOf(files);
      assert.deepEqual(roots, ['lib/protocol/crypto']);
      assert.deepEqual(files.filter((f) => keepDependencyFile(f, roots)), ['package.json', 'lib/index.js', 'lib/protocol/crypto/poly1305.js', 'lib/protocol/crypto/build/Release/sshcrypto.node']);
      assert.deepEqual(nativeRootsOf(['binding.gyp', 'lib/a.js']), ['']);
    });
  });

  describe('the tarball', () => {
    it('holds the layout of bundle.ts, sorted, with fixed metadata: mode 0755/0644, uid/gid 0, no owner names, mtime 2000-01-01', async () => {
      const bundle = await build();
      const entries = await listTar(bundle.path);
      const paths = entries.map((e) => e.path);
      assert.deepEqual([...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), paths, 'sorted by path');
      const files = entries.filter((e) => e.type === 'File').map((e) => e.path);
      assert.deepEqual(files.filter((p) => !p.startsWith('dist/deep/')), [
        'BUNDLE.json',
        'bin/dcos-agent.js',
        'bin/dcos-master.js',
        'dist/runtime/master/main.js',
        'node/bin/node',
        'node_modules/a/LICENSE',
        'node_modules/a/index.js',
        'node_modules/a/lib/test/helper.js',
        'node_modules/a/node_modules/b/index.js',
        'node_modules/a/node_modules/b/package.json',
        'node_modules/a/package.json',
        'node_modules/bindings/bindings.js',
        'node_modules/bindings/package.json',
        'node_modules/native/build/Release/addon.node',
        'node_modules/native/lib/index.js',
        'node_modules/native/package.json',
        'node_modules/opt-present/index.js',
        'node_modules/opt-present/package.json',
        'node_modules/peer/index.js',
        'node_modules/peer/package.json',
        'package.json',
        'templates/systemd/dcos-master.service.mustache',
      ]);
      assert.ok(paths.includes('node_modules/') && paths.includes('node_modules/a/node_modules/b/') && paths.includes('node/bin/'), 'directories have entries');
      const long = files.find((p) => p.startsWith('dist/deep/'))!;
      assert.equal(long, `dist/${'deep/'.repeat(30)}leaf.js`, 'a path longer than ustar holds survives (pax)');
      for (const e of entries) {
        const executable = e.type === 'Directory' || ['node/bin/node', 'bin/dcos-agent.js', 'bin/dcos-master.js', 'node_modules/native/build/Release/addon.node'].includes(e.path);
        assert.equal(e.mode, executable ? 0o755 : 0o644, `${e.path} mode ${e.mode.toString(8)}`);
        assert.equal(e.uid, 0, e.path);
        assert.equal(e.gid, 0, e.path);
        assert.ok(!e.uname && !e.gname, `${e.path} has no owner names`);
        assert.equal(e.mtime?.toISOString(), '2000-01-01T00:00:00.000Z', e.path);
      }
      assert.equal(statSync(bundle.path).size, bundle.size);
      assert.equal(execFileSync('sha256sum', [bundle.path], { encoding: 'utf8' }).split(' ')[0], bundle.sha256);
      assert.deepEqual(
        { version: bundle.version, nodeVersion: bundle.nodeVersion, platform: bundle.platform, arch: bundle.arch, cached: bundle.cached },
        { version: '9.9.9', nodeVersion: 'v20.0.0-test', platform: 'linux', arch: 'x64', cached: false },
      );
    });

    it('extracts with the system tar into the same files, BUNDLE.json included', async () => {
      const bundle = await build();
      const out = join(dir, 'out');
      mkdirSync(out);
      execFileSync('tar', ['-xf', bundle.path, '-C', out]);
      assert.equal(readFileSync(join(out, 'node_modules/a/node_modules/b/index.js'), 'utf8'), 'b2\n');
      assert.equal(statSync(join(out, 'node/bin/node')).mode & 0o777, 0o755);
      assert.equal(readFileSync(join(out, `dist/${'deep/'.repeat(30)}leaf.js`), 'utf8'), 'export {};\n');
      assert.deepEqual(await readBundleInfo(out), { version: '9.9.9', nodeVersion: 'v20.0.0-test', platform: 'linux', arch: 'x64' });
    });
  });

  describe('determinism and the cache', () => {
    it('builds the same bytes from the same inputs, wherever it is cached and whenever the files were touched', async () => {
      const first = await build();
      const other = await ensureBundle({ packageRoot: root, cacheDir: join(dir, 'other-cache'), nodeBinary: node });
      assert.equal(other.cached, false);
      assert.equal(other.sha256, first.sha256);
      // rewrite a file with the same bytes: a new ctime, so a cache miss, but the same bundle
      writeFileSync(join(root, 'node_modules/a/index.js'), 'module.exports = 1;\n');
      const rebuilt = await build();
      assert.equal(rebuilt.cached, false);
      assert.equal(rebuilt.sha256, first.sha256);
    });

    it('answers from the cache when nothing changed, and rebuilds when a file does', async () => {
      const first = await build();
      const events: BundleProgress[] = [];
      const second = await build((p) => events.push(p));
      assert.equal(second.cached, true);
      assert.equal(second.sha256, first.sha256);
      assert.equal(second.path, first.path);
      assert.deepEqual(events.map((e) => e.phase), ['cached']);
      writeFileSync(join(root, 'dist/runtime/master/main.js'), 'export const changed = true;\n');
      const third = await build();
      assert.equal(third.cached, false);
      assert.notEqual(third.sha256, first.sha256);
    });

    it('keeps <key>.json naming <sha256>.tar, and rebuilds when the tarball is gone or truncated', async () => {
      const first = await build();
      const names = readdirSync(cache).sort();
      assert.equal(names.length, 2);
      const recordName = names.find((n) => n.endsWith('.json'))!;
      const record = JSON.parse(readFileSync(join(cache, recordName), 'utf8')) as { sha256: string; file: string; size: number };
      assert.deepEqual({ sha256: record.sha256, file: record.file, size: record.size }, { sha256: first.sha256, file: `${first.sha256}.tar`, size: first.size });
      writeFileSync(first.path, 'truncated');
      const again = await build();
      assert.equal(again.cached, false);
      assert.equal(again.sha256, first.sha256);
      unlinkSync(first.path);
      assert.equal((await build()).cached, false);
    });

    it('removes what an interrupted build left behind (its writer is gone), not the file of a build under way', async () => {
      mkdirSync(cache, { recursive: true });
      const dead = Number(execFileSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).trim());
      writeFileSync(join(cache, `.bundle.tar.${dead}.0badc0de.tmp`), 'half a tarball');
      writeFileSync(join(cache, `.bundle.tar.${process.pid}.0000beef.tmp`), 'a build under way in this process');
      await build();
      assert.equal(existsSync(join(cache, `.bundle.tar.${dead}.0badc0de.tmp`)), false);
      assert.equal(existsSync(join(cache, `.bundle.tar.${process.pid}.0000beef.tmp`)), true, 'a live writer keeps its file');
    });

    it('keeps the three bundles used last, and the records that name them', async () => {
      const shas: string[] = [];
      for (let i = 0; i < 4; i++) {
        writeFileSync(join(root, 'dist/runtime/master/main.js'), `export const build = ${i};\n`);
        shas.push((await build()).sha256);
      }
      const names = readdirSync(cache).sort();
      assert.deepEqual(names.filter((n) => n.endsWith('.tar')), shas.slice(1).map((s) => `${s}.tar`).sort());
      const named = names.filter((n) => n.endsWith('.json')).map((n) => (JSON.parse(readFileSync(join(cache, n), 'utf8')) as { sha256: string }).sha256);
      assert.deepEqual(named.sort(), shas.slice(1).sort());
    });

    it('reports progress: scan, pack with growing bytes, then done', async () => {
      const events: BundleProgress[] = [];
      const bundle = await build((p) => events.push({ ...p }));
      assert.equal(events[0].phase, 'pack');
      assert.equal(events.at(-1)!.phase, 'done');
      assert.equal(events.at(-1)!.bytes, bundle.size);
      const packed = events.filter((e) => e.phase === 'pack');
      assert.deepEqual(packed.map((e) => e.bytes), [...packed.map((e) => e.bytes)].sort((a, b) => a - b));
      assert.ok(packed.every((e) => e.totalBytes === bundle.size), 'the total is the size the tarball will have');
    });

    it('fails clearly when the package is not built', async () => {
      rmSync(join(root, 'dist'), { recursive: true });
      await assert.rejects(build(), /dist\/ is missing \(build the package first\)/);
    });
  });
});
