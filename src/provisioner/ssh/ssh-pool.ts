import type { SshTarget } from '../cluster-file/cluster-spec.js';
import { DcosError } from '../../core/errors.js';
import { targetLabel } from './host-key-trust.js';
import { Limiter } from './limiter.js';
import { sshError } from './ssh-errors.js';
import type { SshConnector, SshSession } from './ssh-session.js';

/** The outcome for one host: its session, or why there is none. Never both. */
export type PoolResult =
  | { target: SshTarget; session: SshSession; error?: undefined }
  | { target: SshTarget; session?: undefined; error: DcosError };

export interface SshPoolOptions {
  /** Connections being set up at once (cluster.yaml options.sshParallelism). Default 10. */
  parallelism?: number;
}

/**
 * One SSH connection per host for a whole command (preflight, upload, install, start and
 * postflight all reuse it), set up in parallel with a limit. A host that cannot be
 * reached is a result, not an exception: the others go on.
 *
 * Hosts are told apart by user@host:port. A failed connection is not remembered, so a
 * later get() tries again; a connection that drops after being set up stays in the pool
 * and its calls fail with an SSH error naming the host.
 */
export class SshPool {
  private readonly limiter: Limiter;
  private readonly sessions = new Map<string, Promise<SshSession>>();

  constructor(private readonly connector: SshConnector, opts: SshPoolOptions = {}) {
    this.limiter = new Limiter(opts.parallelism ?? 10);
  }

  /** The host's session, connecting (within the parallelism limit) on first use. Rejects with a DcosError naming the host. */
  get(target: SshTarget): Promise<SshSession> {
    const key = targetLabel(target);
    let session = this.sessions.get(key);
    if (!session) {
      session = this.limiter.run(() => this.connector.connect(target));
      this.sessions.set(key, session);
      session.catch(() => {
        if (this.sessions.get(key) === session) this.sessions.delete(key);
      });
    }
    return session;
  }

  /** Connects to every target (in parallel, within the limit); results in the order of `targets`. Never rejects. */
  connectAll(targets: SshTarget[]): Promise<PoolResult[]> {
    return Promise.all(targets.map(async (target): Promise<PoolResult> => {
      try {
        return { target, session: await this.get(target) };
      } catch (err) {
        return { target, error: asDcosError(target, err) };
      }
    }));
  }

  /** Closes every connection made so far (waiting for those still being set up); never rejects. */
  async closeAll(): Promise<void> {
    const pending = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(pending.map(async (p) => {
      try {
        await (await p).close();
      } catch {
        // failed to connect, or already gone
      }
    }));
  }
}

function asDcosError(target: SshTarget, err: unknown): DcosError {
  if (err instanceof DcosError) return err;
  return sshError(target, err instanceof Error ? err.message : String(err), err);
}
