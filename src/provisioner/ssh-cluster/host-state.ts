import type { NodeSpec } from '../cluster-file/cluster-spec.js';
import { shellArg as shq } from '../remote/shell-quote.js';
import type { HostLayout } from '../remote/layout.js';
import { PIDFILE_FUNCTIONS } from '../remote/pidfile-shell.js';
import { runScriptOk } from '../remote/remote-shell.js';
import type { SshSession } from '../ssh/ssh-session.js';

/** What the last successful `up` recorded on the host (<state>/installed.json). */
export interface InstalledState {
  cluster: string;
  name: string;
  role: NodeSpec['role'];
  bundleSha256: string;
  configHash: string;
  updatedAt: string;
}

/** What a host has now, read in one round trip: the basis of every plan. */
export interface HostState {
  installed?: InstalledState;
  /** The bundle the `current` link points at. */
  currentSha256?: string;
  /** Its package.json version, from its BUNDLE.json (undefined when unreadable). */
  currentVersion?: string;
  /** The wanted bundle is extracted under versions/. */
  versionPresent: boolean;
  /** The wanted bundle's tarball is uploaded (not yet verified). */
  tarballPresent: boolean;
  systemd: boolean;
  /** The role's service runs: the systemd unit is active, or the supervisor's pid is alive. */
  serviceRunning: boolean;
  /** sha256 of each secret file present on the host, by name. */
  secretHashes: Record<string, string>;
}

export function hostStateScript(layout: HostLayout, service: string, bundleSha256: string): string {
  return `set +e
${PIDFILE_FUNCTIONS}echo "installed=$(cat ${shq(layout.installed)} 2>/dev/null | tr -d '\\n')"
echo "current=$(readlink ${shq(layout.current)} 2>/dev/null)"
echo "bundle_info=$(cat ${shq(`${layout.current}/BUNDLE.json`)} 2>/dev/null | tr -d '\\n')"
echo "version=$([ -d ${shq(`${layout.versions}/${bundleSha256}`)} ] && echo yes || echo no)"
echo "tarball=$([ -f ${shq(`${layout.bundles}/${bundleSha256}.tar`)} ] && echo yes || echo no)"
if [ -d /run/systemd/system ]; then
  echo "systemd=yes"
  echo "running=$(systemctl is-active --quiet ${service} && echo yes || echo no)"
else
  echo "systemd=no"
  echo "running=$(pid_of ${shq(`${layout.run}/${service}.supervisor.pid`)} >/dev/null && echo yes || echo no)"
fi
for f in ${shq(layout.secrets)}/*; do [ -f "$f" ] && echo "secret=$(basename "$f") $(sha256sum "$f" | cut -d' ' -f1)"; done
exit 0
`;
}

export function parseHostState(output: string): HostState {
  const lines = output.split('\n');
  const value = (key: string) => lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1) ?? '';
  let installed: InstalledState | undefined;
  try {
    installed = value('installed') ? JSON.parse(value('installed')) : undefined;
  } catch {
    installed = undefined; // a damaged record means: converge everything again
  }
  const current = value('current');
  let currentVersion: string | undefined;
  try {
    const info: unknown = JSON.parse(value('bundle_info'));
    if (typeof (info as { version?: unknown }).version === 'string') currentVersion = (info as { version: string }).version;
  } catch {
    currentVersion = undefined; // no bundle installed, or its BUNDLE.json is damaged: the version is unknown
  }
  const secretHashes: Record<string, string> = {};
  for (const l of lines.filter((l) => l.startsWith('secret='))) {
    const [name, hash] = l.slice('secret='.length).split(' ');
    secretHashes[name] = hash;
  }
  return {
    installed,
    currentSha256: current ? current.split('/').pop() : undefined,
    currentVersion,
    versionPresent: value('version') === 'yes',
    tarballPresent: value('tarball') === 'yes',
    systemd: value('systemd') === 'yes',
    serviceRunning: value('running') === 'yes',
    secretHashes,
  };
}

export async function readHostState(session: SshSession, layout: HostLayout, service: string, bundleSha256: string): Promise<HostState> {
  return parseHostState(await runScriptOk(session, 'reading the host state', hostStateScript(layout, service, bundleSha256), { timeoutMs: 30_000 }));
}
