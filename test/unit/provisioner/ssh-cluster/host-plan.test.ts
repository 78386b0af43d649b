import assert from 'node:assert/strict';
import { planHost } from '../../../../src/provisioner/ssh-cluster/host-plan.js';
import { parseHostState, type HostState } from '../../../../src/provisioner/ssh-cluster/host-state.js';
import { nodeConfig } from '../../../../src/provisioner/ssh-cluster/node-config.js';
import { testSpec } from '../spec-fixture.js';

const desired = { bundleSha256: 'b'.repeat(64), configHash: 'c1', secretHashes: { 'node-token': 'n1' } };
const installed = { cluster: 'test', name: 'agent-1', role: 'agent' as const, bundleSha256: desired.bundleSha256, configHash: 'c1', updatedAt: '' };
const healthy: HostState = {
  installed, currentSha256: desired.bundleSha256, versionPresent: true, tarballPresent: true, systemd: false, serviceRunning: true, secretHashes: { 'node-token': 'n1' },
};
const stages = (s: HostState) => planHost(s, desired).map((c) => c.stage);

describe('host plan', () => {
  it('changes nothing on a host that already runs the wanted bundle and config', () => {
    assert.deepEqual(planHost(healthy, desired), []);
  });

  it('does every stage on a fresh host', () => {
    const fresh = parseHostState('installed=\ncurrent=\nversion=no\ntarball=no\nsystemd=no\nrunning=no\n');
    assert.deepEqual(stages(fresh), ['upload', 'install', 'configure', 'start']);
  });

  it('skips the upload when an interrupted run left the verified tarball', () => {
    assert.deepEqual(stages({ ...healthy, installed: undefined, currentSha256: undefined, versionPresent: false }), ['install', 'configure', 'start']);
  });

  it('only restarts a stopped service', () => {
    const changes = planHost({ ...healthy, serviceRunning: false }, desired);
    assert.deepEqual(changes, [{ stage: 'start', reason: 'service is not running' }]);
  });

  it('reconfigures and restarts when the config or a secret changed', () => {
    assert.deepEqual(stages({ ...healthy, installed: { ...installed, configHash: 'old' } }), ['configure', 'start']);
    assert.equal(planHost({ ...healthy, secretHashes: { 'node-token': 'rotated' } }, desired)[0].reason, 'secrets changed');
  });

  it('installs and restarts for a new bundle', () => {
    assert.deepEqual(stages({ ...healthy, currentSha256: 'a'.repeat(64), versionPresent: false, tarballPresent: false }), ['upload', 'install', 'start']);
  });

  it('reads the version of the installed runtime from its BUNDLE.json, and none from a damaged one', () => {
    const state = parseHostState(`current=versions/${'a'.repeat(64)}\nbundle_info={  "version": "0.3.0",  "nodeVersion": "v20.18.1"}\n`);
    assert.deepEqual([state.currentSha256, state.currentVersion], ['a'.repeat(64), '0.3.0']);
    assert.equal(parseHostState('current=versions/x\nbundle_info={"vers').currentVersion, undefined);
  });

  it('reads a damaged installed.json as not configured', () => {
    assert.equal(parseHostState('installed={broken\nrunning=yes').installed, undefined);
  });
});

describe('node config', () => {
  it('gives agents the master URL, their address, the task ports and attributes; never a secret', () => {
    const spec = testSpec();
    spec.agents[0].attributes = { zone: 'a', rack: 'r1' };
    spec.agents[0].role = 'public-agent';
    const config = nodeConfig(spec, spec.agents[0]);
    assert.deepEqual(config.daemonArgs, [
      '/opt/dcos/current/bin/dcos-agent.js', '--master', 'http://127.0.0.10:5050', '--listen', '127.0.0.11:5051',
      '--work-dir', '/var/lib/dcos/agent', '--node-token-file', '/etc/dcos/secrets/node-token', '--ports', '31000-32000',
      '--attributes', 'public_ip:true;rack:r1;zone:a',
    ]);
  });

  it('starts the master on its address with its state dir and both secret files', () => {
    const spec = testSpec();
    const args = nodeConfig(spec, spec.masters[0]).daemonArgs;
    assert.equal(args[0], '/opt/dcos/current/bin/dcos-master.js');
    assert.ok(args.includes('127.0.0.10:5050'));
    assert.ok(args.includes('/etc/dcos/secrets/token'));
  });
});
