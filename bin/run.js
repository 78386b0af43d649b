#!/usr/bin/env node
// The `dcos` CLI. Commands are found through oclif.manifest.json (written at build time
// by scripts/manifest.mjs), so start-up reads one JSON file instead of every command.
//
// `dcos --version` answers without loading oclif (≈90 ms of module loading); it prints
// exactly oclif's user agent: `<name>/<version> <platform>-<arch> node-<node version>`
// (test/unit/cli/version.test.ts holds the two to the same text).
import { readFileSync } from 'node:fs';
import { release } from 'node:os';

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  const pjson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const arch = process.arch === 'ia32' ? 'x86' : process.arch;
  const platform = process.platform === 'linux' && release().toLowerCase().includes('microsoft') ? 'wsl' : process.platform;
  process.stdout.write(`${pjson.name}/${pjson.version} ${platform}-${arch} node-${process.version}\n`);
} else {
  // `dcos app list | head -1` closes the pipe early: that is not an error.
  process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const { execute } = await import('@oclif/core/execute');
  await execute({ dir: import.meta.url });
}
