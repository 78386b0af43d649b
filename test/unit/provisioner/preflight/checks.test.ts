import assert from 'node:assert/strict';
import { CHECK_IDS, crossHostChecks, runChecks, type CheckContext } from '../../../../src/provisioner/preflight/checks.js';
import { decodeListen, parseFacts } from '../../../../src/provisioner/preflight/facts.js';
import { testSpec } from '../spec-fixture.js';

const NOW = 1_800_000_000_000;

/** Facts of a healthy host, as the facts script prints them. */
function healthyOutput(extra: string[] = []): string {
  return [
    `time_ns=${BigInt(NOW) * 1_000_000n}`, 'os=Linux', 'arch=x86_64', 'kernel=6.1.0-18-amd64', 'uid=0', 'hostname=node1',
    'hostname_resolves=yes', 'cpus=4', 'mem_available_kb=8000000', 'disk_install_kb=50000000', 'disk_state_kb=50000000',
    'bin_sh=yes', 'bin_tar=yes', 'bin_sha256sum=yes', 'bin_setsid=yes', 'bin_ip=yes', 'bin_cat=yes', 'file_transfer=sftp',
    'writable_install=yes', 'writable_state=yes', 'writable_config=yes', 'writable_tmp=yes', 'cgroups=yes', 'systemd=no',
    'selinux=absent', 'nofile=65536', 'address_local=yes', 'master_route=127.0.0.10 yes', 'dcos_running=no',
    'listen=0100007F:0016', ...extra,
  ].join('\n');
}

function ctx(output: string, over: Partial<CheckContext> = {}): CheckContext {
  const spec = testSpec();
  return { spec, node: spec.agents[0], facts: parseFacts(output), bundle: { arch: 'x86_64', size: 150 * 1024 * 1024 }, sentAt: NOW - 5, receivedAt: NOW + 5, ...over };
}

const byId = (results: ReturnType<typeof runChecks>) => Object.fromEntries(results.map((r) => [r.id, r]));

describe('preflight checks', () => {
  it('runs at least 20 checks on every host', () => {
    assert.ok(CHECK_IDS.length >= 20, `${CHECK_IDS.length} checks`);
  });

  it('passes every check on a healthy host', () => {
    const results = runChecks(ctx(healthyOutput()));
    assert.deepEqual(results.filter((r) => r.status !== 'pass'), []);
  });

  it('runs all checks even when several fail, each naming what is wrong', () => {
    const broken = healthyOutput().replace('arch=x86_64', 'arch=aarch64').replace('uid=0', 'uid=1000').replace('bin_tar=yes', 'bin_tar=no');
    const results = byId(runChecks(ctx(broken)));
    assert.equal(results.arch.status, 'fail');
    assert.match(results.arch.detail, /host is aarch64, the bundle is built for x86_64/);
    assert.equal(results.root.status, 'fail');
    assert.equal(results['binary-tar'].status, 'fail');
    assert.equal(Object.keys(results).length, CHECK_IDS.length);
  });

  it("fails when the agent's port is taken by another program on the node's address", () => {
    // 127.0.0.11:5051 → 0B00007F:13BB
    const results = byId(runChecks(ctx(healthyOutput(['listen=0B00007F:13BB']))));
    assert.equal(results.ports.status, 'fail');
    assert.match(results.ports.detail, /port 5051 on 127.0.0.11 is in use by another program/);
  });

  it('passes the port check when our own installed daemon holds the port', () => {
    const output = healthyOutput(['listen=0B00007F:13BB']).replace('dcos_running=no', 'dcos_running=yes');
    assert.equal(byId(runChecks(ctx(output))).ports.status, 'pass');
  });

  it('ignores a port taken on another address of the host', () => {
    assert.equal(byId(runChecks(ctx(healthyOutput(['listen=0C00007F:13BB'])))).ports.status, 'pass');
  });

  it('measures clock skew against the round trip', () => {
    const skewed = healthyOutput().replace(/time_ns=\d+/, `time_ns=${BigInt(NOW + 10_000) * 1_000_000n}`);
    const r = byId(runChecks(ctx(skewed))).clock;
    assert.equal(r.status, 'fail');
    assert.match(r.detail, /off by 10.0 s/);
  });

  it('fails when the install filesystem cannot hold the bundle three times over', () => {
    const small = healthyOutput().replace('disk_install_kb=50000000', 'disk_install_kb=200000');
    assert.equal(byId(runChecks(ctx(small)))['disk-install'].status, 'fail');
  });

  it('fails an agent that has no route to a master', () => {
    const r = byId(runChecks(ctx(healthyOutput().replace('master_route=127.0.0.10 yes', 'master_route=127.0.0.10 no'))));
    assert.match(r['masters-reachable'].detail, /no route to 127.0.0.10/);
  });

  it('checks that sshd offers SFTP, warning where files must be streamed over exec instead', () => {
    assert.deepEqual(byId(runChecks(ctx(healthyOutput()))).sftp, { id: 'sftp', title: 'sshd offers SFTP', status: 'pass', detail: 'SFTP subsystem answers' });
    const noSftp = byId(runChecks(ctx(healthyOutput().replace('file_transfer=sftp', 'file_transfer=exec')))).sftp;
    assert.equal(noSftp.status, 'warn');
    assert.match(noSftp.detail, /^no SFTP subsystem \(`Subsystem sftp` in sshd_config\): files are streamed over exec channels instead/);
    const neither = byId(runChecks(ctx(healthyOutput().replace('file_transfer=sftp', 'file_transfer=exec').replace('bin_cat=yes', 'bin_cat=no')))).sftp;
    assert.equal(neither.status, 'fail');
    assert.match(neither.detail, /add `Subsystem sftp internal-sftp` to sshd_config/);
  });

  it('warns when two hosts share a hostname', () => {
    const spec = testSpec();
    const facts = parseFacts(healthyOutput());
    const cross = crossHostChecks(spec.agents.map((node) => ({ node, facts })));
    assert.equal(cross.get('agent-1')?.status, 'warn');
    assert.match(cross.get('agent-1')!.detail, /also the hostname of agent-2/);
  });
});

describe('preflight facts', () => {
  it('decodes /proc/net/tcp addresses, including IPv4-mapped IPv6', () => {
    assert.deepEqual(decodeListen('0B00007F:13BB'), { address: '127.0.0.11', port: 5051 });
    assert.deepEqual(decodeListen('00000000000000000000000000000000:0016'), { address: '::', port: 22 });
    assert.deepEqual(decodeListen('0000000000000000FFFF00000B00007F:13BB'), { address: '127.0.0.11', port: 5051 });
  });

  it('keeps every value of a repeated key', () => {
    assert.deepEqual(parseFacts('listen=a\nlisten=b\nos=Linux').get('listen'), ['a', 'b']);
  });
});
