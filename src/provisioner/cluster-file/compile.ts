import { isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_NOTIFIER_EVENTS } from '../../core/notifier-config.js';
import type { ClusterSpec, NodeSpec } from './cluster-spec.js';
import { pointer } from './problem.js';
import { NODE_LISTS } from './raw-access.js';
import { CLUSTER_FILE_DEFAULTS, type RawAgent, type RawClusterFile } from './schema.js';
import { normalizeRemotePath, parsePortRange } from './settings-checks.js';

export interface CompileContext {
  /** Absolute path of the cluster file: relative key files are relative to its directory. */
  file: string;
  homeDir: string;
  /** The source text of a scalar (attribute values keep their spelling: `01` stays "01"). */
  scalarSource(path: string): string | undefined;
}

/** `~` and `~/…` are the home directory; a relative path is relative to the cluster file, as in docker-compose (key files and the webhook URL file). */
export function expandKeyFile(keyFile: string, ctx: Pick<CompileContext, 'file' | 'homeDir'>): string {
  if (keyFile === '~') return ctx.homeDir;
  if (keyFile.startsWith('~/')) return join(ctx.homeDir, keyFile.slice(2));
  return isAbsolute(keyFile) ? keyFile : resolve(ctx.file, '..', keyFile);
}

/**
 * A file that passed every check, with every default resolved. Only called on valid
 * data: it trusts the shapes the schema and the semantic checks guarantee.
 */
export function compileClusterFile(raw: RawClusterFile, ctx: CompileContext): ClusterSpec {
  const D = CLUSTER_FILE_DEFAULTS;
  const sshDefaults = { user: raw.ssh?.user ?? D.ssh.user, port: raw.ssh?.port ?? D.ssh.port, keyFile: raw.ssh?.keyFile };

  const nodes: NodeSpec[] = [];
  for (const { key, role } of NODE_LISTS) {
    (raw[key] ?? []).forEach((node: RawAgent, i) => {
      // No keyFile (allowed only when ssh-agent runs): the agent's keys.
      const keyFile = node.keyFile ?? sshDefaults.keyFile;
      nodes.push({
        name: `${role}-${i + 1}`, // master-1, agent-1, public-agent-1
        role,
        ssh: {
          host: node.host,
          port: node.port ?? sshDefaults.port,
          user: node.user ?? sshDefaults.user,
          ...(keyFile !== undefined ? { keyFile: expandKeyFile(keyFile, ctx) } : {}),
          ...(node.hostKey !== undefined ? { hostKey: node.hostKey } : {}),
        },
        address: node.address ?? node.host,
        attributes: Object.fromEntries(
          Object.entries(node.attributes ?? {}).map(([name, value]) => [
            name,
            typeof value === 'number' ? (ctx.scalarSource(pointer(`/${key}/${i}/attributes`, name)) ?? String(value)) : value,
          ]),
        ),
        resources: { ...node.resources },
      });
    });
  }

  const [firstTaskPort, lastTaskPort] = parsePortRange(raw.ports?.tasks ?? D.ports.tasks)!;
  return {
    name: raw.name,
    file: ctx.file,
    masters: nodes.filter((n) => n.role === 'master'),
    agents: nodes.filter((n) => n.role !== 'master'),
    ports: {
      master: raw.ports?.master ?? D.ports.master,
      agent: raw.ports?.agent ?? D.ports.agent,
      tasks: [firstTaskPort, lastTaskPort],
    },
    paths: {
      install: normalizeRemotePath(raw.paths?.install ?? D.paths.install),
      state: normalizeRemotePath(raw.paths?.state ?? D.paths.state),
      config: normalizeRemotePath(raw.paths?.config ?? D.paths.config),
    },
    options: { ...D.options, ...raw.options },
    ...(raw.notifications ? {
      notifications: {
        webhookUrlFile: expandKeyFile(raw.notifications.webhookUrlFile, ctx),
        events: raw.notifications.events ?? [...DEFAULT_NOTIFIER_EVENTS],
      },
    } : {}),
  };
}
