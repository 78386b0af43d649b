import type { Bundle } from '../bundle/bundle.js';
import { PIDFILE_FUNCTIONS } from '../remote/pidfile-shell.js';
import { shellArg as shq } from '../remote/shell-quote.js';
import type { HostLayout } from '../remote/layout.js';
import { runScriptOk } from '../remote/remote-shell.js';
import { renderUnit, supervisorCommand } from '../remote/units.js';
import type { SshSession } from '../ssh/ssh-session.js';
import type { InstalledState } from './host-state.js';
import type { NodeConfig } from './node-config.js';

/**
 * The idempotent steps that bring one host to a bundle and a configuration. Each can be
 * interrupted anywhere and run again: uploads land under a temporary name and are
 * verified before they count, a bundle is extracted beside its final place and renamed,
 * `current` is switched by rename, and installed.json is written last.
 */
export interface HostContext {
  session: SshSession;
  layout: HostLayout;
  config: NodeConfig;
  bundle: Bundle;
  /** Secret file name → content, the ones this host must hold. */
  secrets: Record<string, string>;
  systemd: boolean;
}

const sh = shq;

/** Uploads the bundle under a temporary name; installBundle verifies it before it counts. */
export async function uploadBundle(ctx: HostContext, onProgress?: (sent: number, total: number) => void): Promise<void> {
  const { session, layout, bundle } = ctx;
  await runScriptOk(session, 'preparing the bundle directory', `mkdir -p ${sh(layout.bundles)} ${sh(layout.versions)}`);
  await session.upload(bundle.path, `${layout.bundles}/${bundle.sha256}.tar.part`, { mode: 0o644, onProgress });
}

/**
 * Verifies the uploaded bundle by its SHA-256 (once: a verified tarball loses its .part
 * name), extracts it beside its final place and renames it there, and points `current`
 * at it; keeps the previous version for rollback and removes older ones.
 */
export async function installBundle(ctx: HostContext): Promise<void> {
  const { session, layout, bundle } = ctx;
  const version = `${layout.versions}/${bundle.sha256}`;
  await runScriptOk(session, 'installing the bundle', `set -e
cd ${sh(layout.bundles)}
part=${sh(`${bundle.sha256}.tar.part`)}
tarball=${sh(`${bundle.sha256}.tar`)}
if [ -f "$part" ]; then
  actual=$(sha256sum "$part" | cut -d' ' -f1)
  if [ "$actual" != ${sh(bundle.sha256)} ]; then rm -f "$part"; echo "SHA-256 mismatch after upload: got $actual; run up again to upload it" >&2; exit 1; fi
  mv -f "$part" "$tarball"
fi
if [ ! -d ${sh(version)} ]; then
  rm -rf ${sh(`${version}.tmp`)}
  mkdir -p ${sh(`${version}.tmp`)}
  tar -xf "$tarball" -C ${sh(`${version}.tmp`)}
  mv ${sh(`${version}.tmp`)} ${sh(version)}
fi
ln -sfn ${sh(`versions/${bundle.sha256}`)} ${sh(`${layout.current}.tmp`)}
mv -T ${sh(`${layout.current}.tmp`)} ${sh(layout.current)}
# keep the current version and the one before it (rollback); drop older ones and their tarballs
cd ${sh(layout.versions)}
ls -1t | grep -v '\\.tmp$' | tail -n +3 | while read -r old; do rm -rf "./$old" ${sh(layout.bundles)}/"$old".tar; done
`, { timeoutMs: 300_000 });
}

/** Writes secrets (0600, only those that differ; removes those no longer wanted), node.json, and the unit file where systemd runs. */
export async function configureHost(ctx: HostContext, secretsToWrite: string[], secretsToRemove: string[] = []): Promise<void> {
  const { session, layout, config } = ctx;
  await runScriptOk(session, 'preparing directories', `set -e
mkdir -p ${sh(layout.secrets)} ${sh(layout.daemonState)} ${sh(layout.run)} ${sh(layout.log)}
chmod 700 ${sh(layout.secrets)}
${secretsToRemove.map((name) => `rm -f ${sh(`${layout.secrets}/${name}`)}
`).join('')}`);
  for (const name of secretsToWrite) await session.writeFile(`${layout.secrets}/${name}`, ctx.secrets[name], 0o600);
  await session.writeFile(layout.nodeConfig, `${JSON.stringify(config, null, 2)}\n`, 0o644);
  if (ctx.systemd) {
    const unit = renderUnit(config.role === 'master' ? 'master' : 'agent', {
      nodeBinary: `${layout.current}/node/bin/node`,
      entry: config.daemonArgs[0],
      args: config.daemonArgs.slice(1),
      workingDirectory: layout.daemonState,
      user: 'root',
      description: `dcos-toolkit ${config.role} ${config.name} of cluster ${config.cluster}`,
    });
    await session.writeFile(`/etc/systemd/system/${config.service}.service`, unit, 0o644);
  }
}

/**
 * A script that stops the role's service if it runs, however it was started (the host
 * tells whether systemd runs). An agent's tasks keep running: they are not in its
 * process group.
 */
export function stopServiceScript(layout: HostLayout, service: string): string {
  return `if [ -d /run/systemd/system ]; then
  systemctl stop ${service} 2>/dev/null; systemctl disable ${service} 2>/dev/null
fi
${stopSupervisorScript(layout, service)}`;
}

/**
 * SIGTERM to the supervisor (which stops its daemon), SIGKILL after 15 s; only the
 * process the pidfile names by pid and start time, never one that got its pid since.
 */
function stopSupervisorScript(layout: HostLayout, service: string): string {
  return `${PIDFILE_FUNCTIONS}p=${sh(`${layout.run}/${service}.supervisor.pid`)}
if pid=$(pid_of "$p"); then
  kill -TERM "$pid" 2>/dev/null
  i=0; while [ "$(pid_of "$p")" = "$pid" ] && [ $i -lt 300 ]; do sleep 0.05; i=$((i+1)); done
  [ "$(pid_of "$p")" = "$pid" ] && kill -KILL "$pid" 2>/dev/null
fi
rm -f "$p"
`;
}

/** (Re)starts the role's service in one round trip: a systemd unit, or dcos-supervise in its own session. */
export async function startService(ctx: HostContext): Promise<void> {
  const { session, layout, config } = ctx;
  if (ctx.systemd) {
    await runScriptOk(session, `starting ${config.service}`, `set -e
systemctl daemon-reload
systemctl enable ${config.service}
systemctl restart ${config.service}
`);
    return;
  }
  const node = `${layout.current}/node/bin/node`;
  const pidfile = `${layout.run}/${config.service}.supervisor.pid`;
  await runScriptOk(session, `starting ${config.service}`, `set +e
${stopSupervisorScript(layout, config.service)}
set -e
cd ${sh(layout.daemonState)}
${supervisorCommand({
    nodeBinary: node,
    supervisorEntry: `${layout.current}/bin/dcos-supervise.js`,
    name: config.service,
    pidfile,
    childPidfile: `${layout.run}/${config.service}.pid`,
    logFile: `${layout.log}/${config.service}.log`,
    command: [node, ...config.daemonArgs],
  })}
i=0; while [ ! -f ${sh(pidfile)} ] && [ $i -lt 250 ]; do sleep 0.02; i=$((i+1)); done
[ -f ${sh(pidfile)} ] || { echo "dcos-supervise did not start; see ${layout.log}/${config.service}.log" >&2; exit 1; }
`, { timeoutMs: 60_000 });
}

export async function recordInstalled(ctx: HostContext, state: InstalledState): Promise<void> {
  await ctx.session.writeFile(ctx.layout.installed, `${JSON.stringify(state)}\n`, 0o644);
}
