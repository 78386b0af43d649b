import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DcosError } from '../../src/core/errors.js';
import type { SshTarget } from '../../src/provisioner/cluster-file/cluster-spec.js';
import { HostKeyStore } from '../../src/provisioner/ssh/host-key-store.js';
import type { SshSession } from '../../src/provisioner/ssh/ssh-session.js';
import { Ssh2Connector, type Ssh2ConnectorOptions } from '../../src/provisioner/ssh/ssh2-connector.js';
import type { Ssh2Session } from '../../src/provisioner/ssh/ssh2-session.js';
import { startSshHosts, type SshTestHost, type SshTestHosts } from './ssh-hosts.js';

/**
 * What an e2e suite of SSH sessions needs, set up by mocha hooks inside its describe():
 * the test hosts, a work dir, connectors that trust nothing but their own fresh
 * known_hosts store, and sessions that are all closed after each test. Connectors use
 * no ssh-agent unless a test passes one, so the user's SSH_AUTH_SOCK cannot change a
 * result.
 */
export type ConnectorOptions = Partial<Ssh2ConnectorOptions> & { storeFile?: string; userFiles?: string[] };

export interface SshSuite {
  readonly hosts: SshTestHosts;
  readonly work: string;
  connector(opts?: ConnectorOptions): Ssh2Connector;
  session(target: SshTarget | SshTestHost, opts?: ConnectorOptions): Promise<Ssh2Session>;
}

export function sshSuite(o: { count: number; firstOctet: number; withoutSftp?: number[] }): SshSuite {
  let hosts: SshTestHosts | undefined;
  let work = '';
  let stores = 0;
  const open: SshSession[] = [];
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'dcos-ssh-e2e-'));
    hosts = await startSshHosts({ count: o.count, firstOctet: o.firstOctet, withoutSftp: o.withoutSftp });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  after(async () => {
    await hosts?.stopAll();
    if (work) rmSync(work, { recursive: true, force: true });
  });
  const connector = ({ storeFile, userFiles, ...opts }: ConnectorOptions = {}) => new Ssh2Connector({
    trust: new HostKeyStore({ storeFile: storeFile ?? join(work, `store-${++stores}`, 'known_hosts'), userFiles: userFiles ?? [] }),
    readyTimeoutMs: 5_000,
    agentSocket: false,
    ...opts,
  });
  return {
    get hosts() {
      if (!hosts) throw new Error('the SSH test hosts are not started yet (use them inside tests or hooks)');
      return hosts;
    },
    get work() {
      return work;
    },
    connector,
    async session(target, opts) {
      const s = await connector(opts).connect('target' in target ? target.target() : target);
      open.push(s);
      return s;
    },
  };
}

/** Asserts a DcosError with `code` whose message holds every string and matches every pattern. */
export async function rejectsWith(p: Promise<unknown>, code: string, ...patterns: Array<RegExp | string>): Promise<DcosError> {
  let caught: DcosError | undefined;
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof DcosError, `expected a DcosError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    for (const pattern of patterns) {
      if (typeof pattern === 'string') assert.ok(err.message.includes(pattern), `"${err.message}" should contain "${pattern}"`);
      else assert.match(err.message, pattern);
    }
    caught = err;
    return true;
  });
  return caught!;
}
