import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Config } from '@oclif/core';

describe('dcos --version', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));

  it("answers without loading oclif, with exactly oclif's user agent", async () => {
    const fast = execFileSync(process.execPath, ['bin/run.js', '--version'], { cwd: root, encoding: 'utf8' });
    const config = await Config.load(root);
    assert.equal(fast, `${config.userAgent}\n`);
  });
});
