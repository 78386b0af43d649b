import assert from 'node:assert/strict';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAgentFlags, parseAttributes, parsePorts, type ResourceDetector } from '../../../../src/runtime/agent/agent-flags.js';
import { detectMemMiB } from '../../../../src/runtime/agent/resource-detection.js';
import { NODE_TOKEN, tempDir, writeTokenFile } from './helpers.js';

const detector: ResourceDetector = { cpus: () => 2, memMiB: () => 4096, diskMiB: () => 10_000 };

describe('agent flags', () => {
  let dir: string;
  let tokenFile: string;
  const required = () => ['--master', 'http://127.0.1.1:5050', '--listen', '127.0.1.2:5051', '--work-dir', join(dir, 'work'), '--node-token-file', tokenFile];

  beforeEach(() => {
    dir = tempDir();
    tokenFile = writeTokenFile(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the listen host as hostname, the detected resources and the default port range', () => {
    const { config, warnings } = parseAgentFlags(required(), detector);
    assert.deepEqual(warnings, []);
    assert.equal(config.masterUrl, 'http://127.0.1.1:5050');
    assert.equal(config.listenHost, '127.0.1.2');
    assert.equal(config.listenPort, 5051);
    assert.equal(config.hostname, '127.0.1.2');
    assert.equal(config.nodeToken, NODE_TOKEN);
    assert.deepEqual(config.resources, { cpus: 2, mem: 4096, disk: 10_000, ports: [[31000, 32000]] });
    assert.deepEqual(config.attributes, {});
  });

  it('lets flags override resources, hostname and attributes', () => {
    const { config } = parseAgentFlags([...required(), '--cpus', '1.5', '--mem', '512', '--disk', '0', '--ports', '20000-20010,20020',
      '--hostname', 'node-a', '--attributes', 'rack:r1;zone:a'], detector);
    assert.deepEqual(config.resources, { cpus: 1.5, mem: 512, disk: 0, ports: [[20000, 20010], [20020, 20020]] });
    assert.equal(config.hostname, 'node-a');
    assert.deepEqual(config.attributes, { rack: 'r1', zone: 'a' });
  });

  it('refuses to start without the node token file, or with an empty one', () => {
    assert.throws(() => parseAgentFlags([...required().slice(0, 6), '--node-token-file', join(dir, 'missing')], detector), /cannot read the node token \(ENOENT\)/);
    writeFileSync(tokenFile, '  \n');
    assert.throws(() => parseAgentFlags(required(), detector), /is empty/);
  });

  it('warns when the node token file is readable by others', () => {
    chmodSync(tokenFile, 0o644);
    assert.match(parseAgentFlags(required(), detector).warnings[0], /should be 0600/);
  });

  it('names the flag of every mistake', () => {
    assert.throws(() => parseAgentFlags(['--listen', '127.0.0.1:1'], detector), /missing required flag\(s\): --master, --work-dir, --node-token-file/);
    assert.throws(() => parseAgentFlags([...required(), '--listen', 'nohost'], detector), /--listen must be HOST:PORT/);
    assert.throws(() => parseAgentFlags([...required(), '--cpus', 'two'], detector), /--cpus must be a positive number/);
    assert.throws(() => parseAgentFlags([...required(), '--bogus', 'x'], detector), /Unknown option '--bogus'/);
    assert.throws(() => parsePorts('32000-31000'), /--ports/);
    assert.throws(() => parseAttributes('rack'), /--attributes/);
  });

  it('runs real processes unless --driver simulated, which takes the --simulated-* settings', () => {
    assert.equal(parseAgentFlags(required(), detector).config.simulation, undefined);
    assert.equal(parseAgentFlags([...required(), '--driver', 'process'], detector).config.simulation, undefined);
    assert.deepEqual(parseAgentFlags([...required(), '--driver', 'simulated'], detector).config.simulation, {});
    const { config } = parseAgentFlags([...required(), '--driver', 'simulated', '--simulated-start-delay-ms', '5', '--simulated-term-delay-ms', '200',
      '--simulated-exit-after-ms', '60000', '--simulated-exit-status', '0'], detector);
    assert.deepEqual(config.simulation, { startDelayMs: 5, termDelayMs: 200, exitAfterMs: 60_000, exitStatus: 0 });
  });

  it('refuses simulation settings that mean nothing or are not numbers, by flag', () => {
    assert.throws(() => parseAgentFlags([...required(), '--driver', 'docker'], detector), /--driver must be "process" or "simulated", got "docker"/);
    assert.throws(() => parseAgentFlags([...required(), '--simulated-term-delay-ms', '10'], detector), /--simulated-term-delay-ms applies only with --driver simulated/);
    assert.throws(() => parseAgentFlags([...required(), '--driver', 'simulated', '--simulated-start-delay-ms', 'soon'], detector), /--simulated-start-delay-ms must be an integer from 0 to \d+, got "soon"/);
    assert.throws(() => parseAgentFlags([...required(), '--driver', 'simulated', '--simulated-exit-status', '300'], detector), /--simulated-exit-status must be an integer from 0 to 255, got "300"/);
  });

  it('keeps 1 GiB of memory for the system (half of it on small nodes)', () => {
    assert.equal(detectMemMiB(24 * 1024 * 1024 * 1024), 23 * 1024);
    assert.equal(detectMemMiB(1024 * 1024 * 1024), 512);
  });
});
