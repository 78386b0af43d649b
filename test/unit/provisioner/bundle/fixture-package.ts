import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A small package laid out as npm installs one, to test the bundle builder in
 * milliseconds: production dependencies (one nested at another version, one optional
 * that is installed and one that is not, a peer), a native addon with its build
 * leftovers, a devDependency, an install-time-only dependency, and a package that is
 * installed but needed by nobody.
 */
export function writeFixturePackage(root: string): void {
  const file = (rel: string, content: string, mode = 0o644): void => {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
    chmodSync(join(root, rel), mode);
  };
  const pkg = (rel: string, json: object): void => file(`${rel}/package.json`, JSON.stringify(json));

  pkg('.', {
    name: 'dcos-toolkit', version: '9.9.9', type: 'module',
    dependencies: { a: '1', native: '1' },
    optionalDependencies: { 'opt-present': '1', 'opt-missing': '1' },
    devDependencies: { typescript: '5' },
  });
  file('bin/dcos-master.js', '#!/usr/bin/env node\n', 0o755);
  file('bin/dcos-agent.js', '#!/usr/bin/env node\n', 0o755);
  file('dist/runtime/master/main.js', 'export {};\n');
  file('dist/runtime/master/main.js.map', '{}');
  file('dist/runtime/master/main.d.ts', 'export {};\n');
  file('templates/systemd/dcos-master.service.mustache', '[Unit]\n');
  file(`dist/${'deep/'.repeat(30)}leaf.js`, 'export {};\n'); // longer than ustar's 100 + 155 bytes

  pkg('node_modules/a', { name: 'a', version: '1.0.0', dependencies: { b: '2' }, peerDependencies: { peer: '1', 'peer-missing': '1' }, devDependencies: { mocha: '1' } });
  file('node_modules/a/index.js', 'module.exports = 1;\n');
  file('node_modules/a/README.md', '# a\n');
  file('node_modules/a/index.d.ts', 'export {};\n');
  file('node_modules/a/index.js.map', '{}');
  file('node_modules/a/LICENSE', 'MIT\n');
  file('node_modules/a/test/a.test.js', 'test\n');
  file('node_modules/a/lib/test/helper.js', 'kept: not at the top of the package\n');
  pkg('node_modules/a/node_modules/b', { name: 'b', version: '2.0.0' });
  file('node_modules/a/node_modules/b/index.js', 'b2\n');
  pkg('node_modules/b', { name: 'b', version: '1.0.0' }); // hoisted, but a needs b@2 (nested); nobody needs b@1
  file('node_modules/b/index.js', 'b1\n');
  pkg('node_modules/peer', { name: 'peer', version: '1.0.0' });
  file('node_modules/peer/index.js', 'peer\n');

  pkg('node_modules/native', { name: 'native', version: '1.0.0', dependencies: { 'prebuild-install': '7', bindings: '1' } });
  file('node_modules/native/binding.gyp', '{}');
  file('node_modules/native/lib/index.js', 'native\n');
  file('node_modules/native/src/addon.cpp', 'int x;\n');
  file('node_modules/native/deps/sqlite3/sqlite3.c', 'int y;\n');
  file('node_modules/native/build/Makefile', 'all:\n');
  file('node_modules/native/build/Release/addon.node', 'ELF', 0o755);
  file('node_modules/native/build/Release/obj.target/addon.o', 'obj');
  file('node_modules/native/build/Release/libsqlite.a', 'ar');
  pkg('node_modules/bindings', { name: 'bindings', version: '1.5.0' });
  file('node_modules/bindings/bindings.js', 'bindings\n');
  pkg('node_modules/prebuild-install', { name: 'prebuild-install', version: '7.1.0', dependencies: { 'tar-fs': '2' } });
  pkg('node_modules/tar-fs', { name: 'tar-fs', version: '2.0.0' });

  pkg('node_modules/opt-present', { name: 'opt-present', version: '1.0.0' });
  file('node_modules/opt-present/index.js', 'opt\n');
  pkg('node_modules/typescript', { name: 'typescript', version: '5.0.0' });
  file('node_modules/typescript/lib/tsc.js', 'tsc\n');
  pkg('node_modules/mocha', { name: 'mocha', version: '1.0.0' });
  pkg('node_modules/unrelated', { name: 'unrelated', version: '1.0.0' });
}
