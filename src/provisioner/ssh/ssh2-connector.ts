import ssh2, { type ServerHostKeyAlgorithm } from 'ssh2';
import type { SshTarget } from '../cluster-file/cluster-spec.js';
import { algorithmsForKeyType } from './host-key.js';
import { describeRecorded, type HostKeyDecision, type HostKeyTrust } from './host-key-trust.js';
import { sshAuth } from './ssh-auth.js';
import { connectError, sshError } from './ssh-errors.js';
import type { SshConnector } from './ssh-session.js';
import { Ssh2Session } from './ssh2-session.js';

const { Client } = ssh2;

/** Options in; every one optional with the default shown, except the trust policy. */
export interface Ssh2ConnectorOptions {
  /** Who decides whether a host key is the host's (HostKeyStore). */
  trust: HostKeyTrust;
  /** TCP connect + SSH handshake + authentication must finish within this (cluster.yaml connectTimeoutMs). Default 20000. */
  readyTimeoutMs?: number;
  /** An SSH keepalive this often, so NAT and firewalls keep an idle connection open. Default 15000. */
  keepaliveIntervalMs?: number;
  /** Unanswered keepalives before the connection counts as lost. Default 4. */
  keepaliveCountMax?: number;
  /** Exec/shell channels open at once per connection (sshd MaxSessions defaults to 10). Default 8. */
  maxChannels?: number;
  /** Told how each host's key was trusted, e.g. to print describeRecorded() after a first use. */
  onHostKey?: (target: SshTarget, decision: HostKeyDecision) => void;
  /** Told the notice to print when a host key was trusted on first use: "recorded host key SHA256:… for root@host:22 (first use)". */
  onRecorded?: (message: string) => void;
  /** The ssh-agent socket (ssh-auth.ts); false: use no agent. Default $SSH_AUTH_SOCK. */
  agentSocket?: string | false;
}

/** The server host key algorithms ssh2 supports, in its order of preference (ed25519 first). */
const DEFAULT_HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa',
];

/**
 * SshConnector on ssh2: public key authentication with a key file or ssh-agent
 * (ssh-auth.ts), and the host key checked by a HostKeyTrust during key exchange, before
 * the client signs anything for authentication. Every failure is a DcosError naming the host: SSH for
 * network and authentication problems, HOST_KEY for an untrusted host key.
 */
export class Ssh2Connector implements SshConnector {
  private readonly readyTimeoutMs: number;
  private readonly keepaliveIntervalMs: number;
  private readonly keepaliveCountMax: number;
  private readonly maxChannels: number;
  private readonly agentSocket: string | undefined;

  constructor(private readonly opts: Ssh2ConnectorOptions) {
    this.agentSocket = opts.agentSocket === false ? undefined : opts.agentSocket ?? (process.env.SSH_AUTH_SOCK || undefined);
    this.readyTimeoutMs = opts.readyTimeoutMs ?? 20_000;
    this.keepaliveIntervalMs = opts.keepaliveIntervalMs ?? 15_000;
    this.keepaliveCountMax = opts.keepaliveCountMax ?? 4;
    this.maxChannels = opts.maxChannels ?? 8;
  }

  async connect(target: SshTarget): Promise<Ssh2Session> {
    const auth = await sshAuth(target, this.agentSocket);
    const serverHostKey = await this.hostKeyAlgorithms(target);
    const client = new Client();
    return new Promise<Ssh2Session>((resolve, reject) => {
      let decision: HostKeyDecision | undefined;
      let distrust: unknown;
      let settled = false;
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        client.destroy();
        reject(err);
      };
      client.on('ready', () => {
        if (settled) return;
        settled = true;
        if (decision) this.opts.onHostKey?.(target, decision);
        if (decision?.recorded) this.opts.onRecorded?.(describeRecorded(target, decision));
        resolve(new Ssh2Session(client, target, decision!, { maxChannels: this.maxChannels }));
      });
      // Stays attached for the life of the client: an 'error' without a listener would throw.
      client.on('error', (err: Error & { level?: string }) => {
        // ssh-agent trouble during authentication: ssh2 goes on with the next method, and fails authentication if none is left.
        if (err.level === 'agent') return;
        fail(distrust ?? connectError(target, err, { timeoutMs: this.readyTimeoutMs }));
      });
      client.on('close', () => fail(distrust ?? sshError(target, 'the connection closed during the SSH handshake')));
      try {
        client.connect({
          host: target.host,
          port: target.port,
          username: target.user,
          ...auth,
          readyTimeout: this.readyTimeoutMs,
          keepaliveInterval: this.keepaliveIntervalMs,
          keepaliveCountMax: this.keepaliveCountMax,
          algorithms: { serverHostKey },
          hostVerifier: (key: Buffer, verify: (valid: boolean) => void): void => {
            this.opts.trust.verify(target, key).then(
              (d) => { decision = d; verify(true); },
              (err) => { distrust = err; verify(false); },
            );
          },
        });
      } catch (err) {
        fail(sshError(target, (err as Error).message, err));
      }
    });
  }

  /** Key types on record for the host go first, so a host with several keys presents the one we can check. */
  private async hostKeyAlgorithms(target: SshTarget): Promise<ServerHostKeyAlgorithm[]> {
    const known = (await this.opts.trust.knownKeyTypes(target)).flatMap(algorithmsForKeyType)
      .filter((a): a is ServerHostKeyAlgorithm => (DEFAULT_HOST_KEY_ALGORITHMS as string[]).includes(a));
    return [...new Set([...known, ...DEFAULT_HOST_KEY_ALGORITHMS])];
  }
}
