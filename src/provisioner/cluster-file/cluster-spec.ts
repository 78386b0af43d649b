import type { NotifierEvent } from '../../core/notifier-config.js';

/**
 * A cluster described by cluster.yaml, after validation and defaults: what `dcos cluster
 * validate|preflight|up|down|upgrade|add-node` work from. Every field is resolved (no
 * optional defaults left), so steps never re-derive a default.
 */
export type NodeRole = 'master' | 'agent' | 'public-agent';

/** How to reach a host over SSH. */
export interface SshTarget {
  host: string;
  port: number;
  user: string;
  /** Absolute path of the private key file (~ expanded); undefined: the keys of ssh-agent. */
  keyFile?: string;
  /** Pinned host key fingerprint, OpenSSH style "SHA256:<base64 without padding>". */
  hostKey?: string;
}

export interface NodeSpec {
  /** Stable name within the cluster: master-1, agent-1, public-agent-1 (order of the file). */
  name: string;
  role: NodeRole;
  ssh: SshTarget;
  /** The address daemons bind and other nodes reach (default: ssh.host). */
  address: string;
  attributes: Record<string, string>;
  /** Overrides of detected agent resources. */
  resources: { cpus?: number; mem?: number; disk?: number };
}

export interface ClusterSpec {
  name: string;
  /** The cluster file it came from (absolute path). */
  file: string;
  masters: NodeSpec[];
  /** Private and public agents, in file order. */
  agents: NodeSpec[];
  ports: {
    /** The master's HTTP API (Mesos 5050). */
    master: number;
    /** The agent's HTTP API (Mesos 5051). */
    agent: number;
    /** Ports agents offer to tasks, inclusive. */
    tasks: [number, number];
  };
  paths: {
    /** Versioned installs and the `current` link (/opt/dcos). */
    install: string;
    /** Daemons' state, pidfiles and logs (/var/lib/dcos). */
    state: string;
    /** Node config and secrets (/etc/dcos). */
    config: string;
  };
  options: {
    /** Master: an agent silent this long is unreachable. */
    agentPingTimeoutMs: number;
    /** Hosts worked on at once. */
    sshParallelism: number;
    /** Agents restarted together during an upgrade. */
    upgradeBatchSize: number;
    connectTimeoutMs: number;
    /** Master: how the services scheduler ranks agents that fit, spreading an app's tasks or filling agents first. */
    placement: 'spread' | 'binpack';
  };
  /** The chat notifier of the master; absent: none. */
  notifications?: {
    /** Absolute path, on this machine, of the file holding the webhook URL (a secret: only the master gets it, in a 0600 file). */
    webhookUrlFile: string;
    events: NotifierEvent[];
  };
}

export function allNodes(spec: ClusterSpec): NodeSpec[] {
  return [...spec.masters, ...spec.agents];
}
