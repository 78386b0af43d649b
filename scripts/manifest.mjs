#!/usr/bin/env node
/**
 * Writes oclif.manifest.json from the compiled commands in dist/commands, so that
 * `dcos` does not import every command file at start-up to learn their ids and flags.
 * Run after `tsc -p tsconfig.build.json`; it only overwrites the manifest.
 * errorOnManifestCreate: a command that fails to load fails the build, instead of
 * silently disappearing from the CLI.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
await plugin.load();
const file = join(root, 'oclif.manifest.json');
await writeFile(file, `${JSON.stringify(plugin.manifest, null, 2)}\n`);
console.log(`wrote ${file} (${Object.keys(plugin.manifest.commands).length} commands)`);
