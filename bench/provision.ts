/**
 * Provisioning figures for issue #3, on real OpenSSH test hosts (DESIGN.md §5):
 *   - `dcos cluster up` of 1 master + 9 agents from nothing (the hosts are wiped between
 *     runs), beside the floor of copying the same bundle to the 10 hosts with scp;
 *   - a no-change re-run, beside the floor of `ssh host true` to the 10 hosts.
 * Floors are measured in the same run with the OpenSSH client, in parallel like ours.
 */
import { execa } from 'execa';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSshHosts, type SshTestHosts } from '../test/harness/ssh-hosts.js';
import { median, runCli } from './support.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'bin/run.js');
const SSH_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR'];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export interface ProvisionFigures {
  fromNothingMs: number;
  scpFloorMs: number;
  noChangeMs: number;
  sshTrueFloorMs: number;
  hosts: number;
  runs: { fromNothing: number; noChange: number };
}

export async function provisionBench(opts: { fromNothingRuns?: number; noChangeRuns?: number } = {}): Promise<ProvisionFigures> {
  let hosts: SshTestHosts | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'dcos-bench-ssh-'));
  const env = { ...process.env, DCOS_DIR: dir, CI: '1' };
  try {
    hosts = await startSshHosts({ count: 10, firstOctet: 40 });
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, [
      'name: bench', 'ssh:', `  keyFile: ${hosts.keyFile}`, 'masters:', `  - host: ${hosts.hosts[0].host}`, 'agents:',
      ...hosts.hosts.slice(1).map((h) => `  - host: ${h.host}`),
    ].join('\n'));
    const ssh = (h: { host: string }, command: string) => execa('ssh', ['-i', hosts!.keyFile, ...SSH_OPTS, `root@${h.host}`, command]);

    const fromNothing: number[] = [];
    const scpFloor: number[] = [];
    for (let i = 0; i < (opts.fromNothingRuns ?? 3); i++) {
      await runCli(CLI, ['cluster', 'down', file, '--purge'], env).catch(() => undefined);
      fromNothing.push(await timed(() => runCli(CLI, ['cluster', 'up', file], env)));
    }
    // The bundle the CLI built (cached): copy it to every host the plain way.
    const bundles = join(dir, 'bundles');
    const tarball = readdirSync(bundles).filter((f) => f.endsWith('.tar')).map((f) => join(bundles, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
    for (let i = 0; i < (opts.fromNothingRuns ?? 3); i++) {
      scpFloor.push(await timed(() => Promise.all(hosts!.hosts.map((h) =>
        execa('scp', ['-q', '-i', hosts!.keyFile, ...SSH_OPTS, tarball, `root@${h.host}:/var/lib/dcos/bench-copy.tar`])))));
      await Promise.all(hosts.hosts.map((h) => ssh(h, 'rm -f /var/lib/dcos/bench-copy.tar')));
    }

    const noChange: number[] = [];
    const sshTrue: number[] = [];
    for (let i = 0; i < (opts.noChangeRuns ?? 5); i++) {
      sshTrue.push(await timed(() => Promise.all(hosts!.hosts.map((h) => ssh(h, 'true')))));
      noChange.push(await timed(() => runCli(CLI, ['cluster', 'up', file], env)));
    }
    await runCli(CLI, ['cluster', 'down', file, '--purge'], env).catch(() => undefined);
    return {
      fromNothingMs: median(fromNothing), scpFloorMs: median(scpFloor), noChangeMs: median(noChange), sshTrueFloorMs: median(sshTrue),
      hosts: hosts.hosts.length, runs: { fromNothing: fromNothing.length, noChange: noChange.length },
    };
  } finally {
    await hosts?.stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

