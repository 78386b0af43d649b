import { chmod, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DcosError, ErrorCodes } from '../core/errors.js';

/**
 * The CLI's configuration on disk (after dcos-cli's design/config.md):
 *
 *   $DCOS_DIR/                       (default ~/.dcos, mode 0700)
 *     attached                       the name of the attached cluster, one line
 *     clusters/<name>/               (mode 0700)
 *       cluster.json                 ClusterConfig; never holds a secret
 *       token                        the operator credential (mode 0600)
 *       ...                          whatever the cluster's provisioner keeps there
 *
 * Secrets live only in their own 0600 files and are read when a request needs them;
 * nothing in this module prints or logs them.
 */
export interface ClusterConfig<Local = unknown> {
  name: string;
  /** Base URL of the master's API, e.g. http://127.0.1.1:5050. */
  url: string;
  /** Absolute path of the file holding the operator token. */
  tokenFile: string;
  type: 'local' | 'ssh';
  /** ISO timestamp. */
  createdAt: string;
  /** Launcher state of a `cluster up --local` cluster (addresses, pids, node dirs). */
  local?: Local;
  /** A cluster provisioned over SSH: its cluster file and how to reach each node (`dcos node ssh`). */
  ssh?: SshClusterRecord;
}

export interface SshClusterRecord {
  /** The cluster.yaml it was provisioned from (absolute path). */
  file: string;
  nodes: Array<{
    name: string;
    role: 'master' | 'agent' | 'public-agent';
    address: string;
    ssh: { host: string; port: number; user: string; keyFile?: string; hostKey?: string };
  }>;
}

/** Cluster names become directory names: keep them to a safe, portable alphabet. */
const NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/i;

export function clusterNameProblem(name: string): string | undefined {
  if (!NAME.test(name) || name.includes('..')) {
    return `invalid cluster name "${name}": use letters, digits, ".", "_" and "-" (at most 63, starting with a letter or digit)`;
  }
  return undefined;
}

/** $DCOS_DIR, or ~/.dcos. */
export function resolveDcosDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.DCOS_DIR?.trim();
  return fromEnv ? fromEnv : join(homedir(), '.dcos');
}

/** Writes a secret to its own file, readable by its owner only (0600), replacing any old one. */
export async function writeSecretFile(path: string, value: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, value, { mode: 0o600 });
  await chmod(tmp, 0o600); // the umask can only remove bits; be explicit anyway
  await rename(tmp, path);
}

async function writeFileAtomic(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode });
  await rename(tmp, path);
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === 'ENOENT';
}

export class CliConfig {
  constructor(readonly dir: string = resolveDcosDir()) {}

  get clustersDir(): string {
    return join(this.dir, 'clusters');
  }

  clusterDir(name: string): string {
    const problem = clusterNameProblem(name);
    if (problem) throw new DcosError(ErrorCodes.BAD_REQUEST, problem);
    return join(this.clustersDir, name);
  }

  /** Creates $DCOS_DIR and the cluster's directory (both 0700); returns the latter. */
  async ensureClusterDir(name: string): Promise<string> {
    const dir = this.clusterDir(name);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return dir;
  }

  async getCluster<L = unknown>(name: string): Promise<ClusterConfig<L> | undefined> {
    try {
      return JSON.parse(await readFile(join(this.clusterDir(name), 'cluster.json'), 'utf8')) as ClusterConfig<L>;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw new DcosError(ErrorCodes.INTERNAL, `cannot read the configuration of cluster "${name}": ${(err as Error).message}`, { cause: err });
    }
  }

  /** Every configured cluster, by name. Directories without a readable cluster.json are skipped. */
  async listClusters<L = unknown>(): Promise<ClusterConfig<L>[]> {
    let names: string[];
    try {
      names = await readdir(this.clustersDir);
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
    const out: ClusterConfig<L>[] = [];
    for (const name of names.sort()) {
      if (clusterNameProblem(name)) continue;
      try {
        const c = await this.getCluster<L>(name);
        if (c) out.push(c);
      } catch {
        // a damaged cluster.json must not hide the others
      }
    }
    return out;
  }

  async saveCluster(cluster: ClusterConfig): Promise<void> {
    const dir = await this.ensureClusterDir(cluster.name);
    await writeFileAtomic(join(dir, 'cluster.json'), `${JSON.stringify(cluster, null, 2)}\n`, 0o600);
  }

  /** Deletes the cluster's directory (config, secrets, anything its provisioner kept) and detaches it. */
  async removeCluster(name: string): Promise<void> {
    await rm(this.clusterDir(name), { recursive: true, force: true });
    if ((await this.attachedName()) === name) await this.detach();
  }

  async attachedName(): Promise<string | undefined> {
    try {
      const name = (await readFile(join(this.dir, 'attached'), 'utf8')).trim();
      return name === '' ? undefined : name;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  async attach(name: string): Promise<void> {
    if (!(await this.getCluster(name))) {
      throw new DcosError(ErrorCodes.NOT_FOUND, `no cluster named "${name}" is configured in ${this.dir}`);
    }
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(join(this.dir, 'attached'), `${name}\n`, 0o644);
  }

  async detach(): Promise<void> {
    await rm(join(this.dir, 'attached'), { force: true });
  }

  /** The attached cluster; DCOS_ERR_NO_CLUSTER when none is attached or its config is gone. */
  async attachedCluster<L = unknown>(): Promise<ClusterConfig<L>> {
    const name = await this.attachedName();
    const cluster = name === undefined ? undefined : await this.getCluster<L>(name);
    if (!cluster) {
      throw new DcosError(
        ErrorCodes.NO_CLUSTER,
        name === undefined
          ? 'no cluster is attached: run `dcos cluster up --local` to start one'
          : `the attached cluster "${name}" is not configured any more: run \`dcos cluster up --local --name ${name}\``,
      );
    }
    return cluster;
  }

  /** A named cluster, or the attached one when no name is given. */
  async resolveCluster<L = unknown>(name?: string): Promise<ClusterConfig<L>> {
    if (name === undefined) return this.attachedCluster<L>();
    const cluster = await this.getCluster<L>(name);
    if (!cluster) throw new DcosError(ErrorCodes.NOT_FOUND, `no cluster named "${name}" is configured in ${this.dir}`);
    return cluster;
  }

  /** Reads the operator token of a cluster. Never print the result. */
  async readToken(cluster: Pick<ClusterConfig, 'name' | 'tokenFile'>): Promise<string> {
    try {
      return (await readFile(cluster.tokenFile, 'utf8')).trim();
    } catch (err) {
      throw new DcosError(ErrorCodes.UNAUTHORIZED, `cannot read the token of cluster "${cluster.name}" from ${cluster.tokenFile}: ${(err as Error).message}`, { cause: err });
    }
  }
}
