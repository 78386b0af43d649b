import type { ClusterSpec, NodeRole } from '../cluster-file/cluster-spec.js';

/**
 * Where things live on a provisioned host. Everything the provisioner writes is under
 * the three directories of cluster.yaml `paths`, so `cluster down --purge` knows what
 * to remove and test hosts can keep them private (DESIGN.md §5).
 */
export interface HostLayout {
  /** <install>/bundles/<sha256>.tar: uploaded tarballs. */
  bundles: string;
  /** <install>/versions/<sha256>/: one extracted bundle per version. */
  versions: string;
  /** <install>/current → versions/<sha256>: switched atomically. */
  current: string;
  /** <config>/node.json: what this node is (NodeConfig). */
  nodeConfig: string;
  /** <config>/secrets/: token (masters), node-token (all), notifier.json (masters with notifications); mode 0700, files 0600. */
  secrets: string;
  /** <state>/master or <state>/agent: the daemon's --state-dir / --work-dir. */
  daemonState: string;
  /** <state>/run: pidfiles of supervisor and daemon. */
  run: string;
  /** <state>/log: the daemon's log when no journald. */
  log: string;
  /** <state>/installed.json: what the last successful `up` left here (InstalledState). */
  installed: string;
}

export function hostLayout(spec: Pick<ClusterSpec, 'paths'>, role: NodeRole): HostLayout {
  const { install, state, config } = spec.paths;
  return {
    bundles: `${install}/bundles`,
    versions: `${install}/versions`,
    current: `${install}/current`,
    nodeConfig: `${config}/node.json`,
    secrets: `${config}/secrets`,
    daemonState: `${state}/${role === 'master' ? 'master' : 'agent'}`,
    run: `${state}/run`,
    log: `${state}/log`,
    installed: `${state}/installed.json`,
  };
}

/** The service name of a role's daemon (systemd unit without .service, supervisor name). */
export function serviceName(role: NodeRole): 'dcos-master' | 'dcos-agent' {
  return role === 'master' ? 'dcos-master' : 'dcos-agent';
}
