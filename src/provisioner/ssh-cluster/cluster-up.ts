import type { Bundle } from '../bundle/bundle.js';
import { allNodes, type ClusterSpec, type NodeSpec } from '../cluster-file/cluster-spec.js';
import { NOTIFIER_CONFIG_FILE } from '../notifier-secret.js';
import { unameArch } from '../preflight/checks.js';
import { hostFailed, preflightHost, preflightTally, withCrossHostChecks, type HostPreflight } from '../preflight/preflight.js';
import { SshPool } from '../ssh/ssh-pool.js';
import type { SshConnector, SshSession } from '../ssh/ssh-session.js';
import { mapSettled, stage, stageEvents, type ProvisionListener } from './events.js';
import { planHost, type PlannedChange } from './host-plan.js';
import { readHostState, type HostState } from './host-state.js';
import {
  configureHost, installBundle, recordInstalled, startService, uploadBundle, type HostContext,
} from './host-steps.js';
import { configHash, layoutOf, masterUrl, nodeConfig, secretsFor, sha256 } from './node-config.js';
import { runCanary, waitForAgents, waitForMaster } from './postflight.js';
import { downgradeError, runtimeChange } from './runtime-version.js';

export interface ClusterSecrets {
  token: string;
  nodeToken: string;
  /** The master's --notifier-config text, when cluster.yaml has `notifications`. */
  notifierConfig?: string;
}

export interface UpOptions {
  spec: ClusterSpec;
  connector: SshConnector;
  bundle: Bundle;
  secrets: ClusterSecrets;
  /** Work only on these nodes (names or hosts); the others are left as they are. */
  only?: string[];
  /** Connect, read and plan; change nothing. */
  dryRun?: boolean;
  skipPreflight?: boolean;
  /** Run the canary task even when no host changed. */
  verify?: boolean;
  /**
   * Upgrade order: restart masters one at a time, then agents in batches of
   * options.upgradeBatchSize, each batch re-registered before the next (tasks keep running).
   * Always taken when a host's installed runtime is replaced by another.
   */
  rolling?: boolean;
  /** Replace a runtime with an older one (runtime-version.ts); refused with DOWNGRADE otherwise. */
  allowDowngrade?: boolean;
  events: ProvisionListener;
}

export type HostStatus = 'changed' | 'unchanged' | 'failed' | 'skipped' | 'planned';

export interface HostOutcome {
  node: NodeSpec;
  status: HostStatus;
  changes: PlannedChange[];
  error?: string;
  preflight?: HostPreflight;
}

export interface UpResult {
  masterUrl: string;
  hosts: HostOutcome[];
  /** Agent ids by node name, once registered. */
  agentIds: Record<string, string>;
  canary?: { host: string };
  postflightError?: string;
  /** Set when installed runtimes were (or, with dryRun, would be) replaced, the rolling way: the versions before, the one after. */
  runtime?: { from: string[]; to: string };
  ok: boolean;
}

interface Working {
  node: NodeSpec;
  session?: SshSession;
  outcome: HostOutcome;
  state?: HostState;
  desired?: Desired;
}

type Desired = ReturnType<typeof desiredState>;

/** The nodes `only` names (by node name, SSH host or address); every node without it. */
export function selectNodes(spec: ClusterSpec, only?: string[]): NodeSpec[] {
  const nodes = allNodes(spec);
  if (!only || only.length === 0) return nodes;
  return nodes.filter((n) => only.includes(n.name) || only.includes(n.ssh.host) || only.includes(n.address));
}

/**
 * `dcos cluster up FILE`: connect → preflight → plan → masters → agents → postflight.
 * Hosts go in parallel (cluster.yaml sshParallelism); a failure on one host never stops
 * the others, and is reported with its reason in the result.
 */
export async function clusterUp(o: UpOptions): Promise<UpResult> {
  const { spec, bundle, events: emit } = o;
  const url = masterUrl(spec);
  const limit = spec.options.sshParallelism;
  const work: Working[] = selectNodes(spec, o.only).map((node) => ({ node, outcome: { node, status: 'skipped', changes: [] } }));
  const fail = (w: Working, err: unknown) => {
    w.outcome.status = 'failed';
    w.outcome.error ??= (err as Error).message;
  };
  const live = () => work.filter((w) => w.outcome.status !== 'failed');
  const pool = new SshPool(o.connector, { parallelism: limit });

  try {
    await mapSettled(work, limit, async (w) => {
      try {
        w.session = await stage(emit, hostOf(w.node), 'connect', () => pool.get(w.node.ssh));
      } catch (err) {
        fail(w, err);
      }
    });

    await mapSettled(live(), limit, async (w) => {
      const events = stageEvents(emit, hostOf(w.node), 'plan');
      try {
        w.state = await readHostState(w.session!, layoutOf(spec, w.node), nodeConfig(spec, w.node).service, bundle.sha256);
        w.desired = desiredState(spec, w.node, bundle, o.secrets);
        w.outcome.changes = planHost(w.state, w.desired);
        w.outcome.status = w.outcome.changes.length === 0 ? 'unchanged' : o.dryRun ? 'planned' : 'changed';
        // An unchanged host is finished here: nothing more happens on it.
        if (w.outcome.changes.length === 0) events.end('unchanged');
        else events.end('done', w.outcome.changes.map((c) => c.stage).join(', '));
      } catch (err) {
        events.end('failed', (err as Error).message);
        fail(w, err);
      }
    });

    // A runtime already installed is replaced only forwards (or when asked), and always
    // the rolling way: restarting every daemon at once would stop the whole cluster.
    const cli = { version: bundle.version, sha256: bundle.sha256 };
    const replaced = live().flatMap((w) => {
      const installed = w.state!.currentSha256 ? { version: w.state!.currentVersion, sha256: w.state!.currentSha256 } : undefined;
      const change = runtimeChange(installed, cli);
      return change === 'same' || change === 'new' ? [] : [{ name: w.node.name, runtime: installed!, change }];
    });
    const downgrades = replaced.filter((r) => r.change === 'downgrade');
    if (downgrades.length > 0 && !o.allowDowngrade) throw downgradeError(spec.name, downgrades, cli);
    const rolling = o.rolling === true || replaced.length > 0;
    const runtime = replaced.length > 0 ? { from: [...new Set(replaced.map((r) => r.runtime.version ?? 'unknown'))], to: bundle.version } : undefined;

    // Preflight guards the hosts that are about to change; a host already running what
    // the file asks for passed it before and is not disturbed (that keeps re-runs fast).
    // Every host's facts are in before any is judged, so each tally counts the checks
    // across hosts too.
    const changing = () => live().filter((w) => w.outcome.changes.length > 0);
    if (!o.skipPreflight) {
      const checking = changing().map((w) => ({ w, events: stageEvents(emit, hostOf(w.node), 'preflight') }));
      const gathered = await mapSettled(checking, limit, ({ w }) => preflightHost(w.session!, spec, w.node, { arch: unameArch(bundle.arch), size: bundle.size }));
      const judged = withCrossHostChecks(gathered.map((g) => g.value ?? { node: g.item.w.node, error: g.error!.message, results: [] }));
      checking.forEach(({ w, events }, i) => {
        w.outcome.preflight = judged[i];
        const tally = preflightTally(judged[i]);
        if (hostFailed(judged[i])) {
          events.end('failed', tally);
          fail(w, new Error(`preflight failed: ${tally}`));
        } else {
          events.progress(tally);
          events.end('done');
        }
      });
    }

    if (o.dryRun) return { masterUrl: url, hosts: work.map((w) => w.outcome), agentIds: {}, ...(runtime ? { runtime } : {}), ok: work.every((w) => w.outcome.status !== 'failed') };

    const prepare = (w: Working) => prepareHost(w, spec, bundle, w.desired!, emit).catch((err) => fail(w, err));
    const activate = async (w: Working) => {
      if (w.outcome.status !== 'failed') await activateHost(w, spec, bundle, w.desired!, emit).catch((err) => fail(w, err));
    };
    // Everything that does not restart a daemon runs on every host at once. A master
    // starts as soon as it is ready (agents keep uploading meanwhile); in a rolling
    // upgrade nothing restarts until every host is prepared.
    const masters = changing().filter((w) => w.node.role === 'master');
    const agents = live().filter((w) => w.node.role !== 'master');
    const agentsPrepared = mapSettled(agents.filter((w) => w.outcome.changes.length > 0), limit, prepare);
    await mapSettled(masters, limit, async (w) => {
      await prepare(w);
      if (!rolling) await activate(w);
    });
    if (rolling) {
      await agentsPrepared;
      await mapSettled(masters, 1, activate);
    }
    // A master that failed (to connect, pass preflight, install or start) never answers: waiting would only delay the report.
    const masterFailed = work.find((w) => w.node.role === 'master' && w.outcome.status === 'failed');
    const mastersUp = !masterFailed && await waitForMaster(url, 30_000).then(() => true, () => false);
    await agentsPrepared;
    if (!mastersUp) {
      for (const a of agents.filter((w) => w.outcome.status !== 'failed')) {
        const message = masterFailed ? `${masterFailed.node.name} failed; agents were not started` : `no master answers at ${url}; agents were not started`;
        emit({ time: new Date().toISOString(), node: a.node.name, host: a.node.ssh.host, stage: 'start', status: 'failed', message });
        fail(a, new Error(message));
      }
    } else if (rolling) {
      const size = Math.max(1, spec.options.upgradeBatchSize);
      const restarting = agents.filter((w) => w.outcome.changes.some((c) => c.stage === 'start'));
      for (let i = 0; i < restarting.length; i += size) {
        const batch = restarting.slice(i, i + size);
        await mapSettled(batch, size, activate);
        const up = batch.filter((w) => w.outcome.status !== 'failed').map((w) => w.node);
        await waitForAgents(url, o.secrets.token, up, 60_000).catch((err) => batch.forEach((w) => fail(w, err)));
      }
    } else {
      await mapSettled(agents, limit, activate);
    }

    const result: UpResult = { masterUrl: url, hosts: work.map((w) => w.outcome), agentIds: {}, ...(runtime ? { runtime } : {}), ok: false };
    if (mastersUp) {
      try {
        await stage(emit, { name: 'cluster', host: url }, 'postflight', async (report) => {
          const registered = live().filter((w) => w.node.role !== 'master').map((w) => w.node);
          result.agentIds = Object.fromEntries(await waitForAgents(url, o.secrets.token, registered, 60_000));
          report(`leader answers; ${registered.length} agent(s) registered`);
          if (o.verify || work.some((w) => w.outcome.status === 'changed')) {
            result.canary = await runCanary(url, o.secrets.token);
            report(`canary task ran on ${result.canary.host} and was removed`);
          }
        });
      } catch (err) {
        result.postflightError = (err as Error).message;
      }
    } else {
      result.postflightError = masterFailed ? `${masterFailed.node.name} failed: ${masterFailed.outcome.error}` : `no master answers at ${url}`;
    }
    result.ok = !result.postflightError && work.every((w) => w.outcome.status !== 'failed');
    return result;
  } finally {
    await pool.closeAll();
  }
}

function hostOf(node: NodeSpec): { name: string; host: string } {
  return { name: node.name, host: node.ssh.host };
}

export function desiredState(spec: ClusterSpec, node: NodeSpec, bundle: Bundle, secrets: ClusterSecrets) {
  const config = nodeConfig(spec, node);
  const secretFiles = secretFilesFor(spec, node, secrets);
  const secretHashes = Object.fromEntries(Object.entries(secretFiles).map(([name, value]) => [name, sha256(value)]));
  return { config, secretFiles, secretHashes, bundleSha256: bundle.sha256, configHash: configHash(config, bundle.sha256, secretHashes) };
}

function secretFilesFor(spec: ClusterSpec, node: NodeSpec, secrets: ClusterSecrets): Record<string, string> {
  const values: Record<string, string | undefined> = { token: secrets.token, 'node-token': secrets.nodeToken, [NOTIFIER_CONFIG_FILE]: secrets.notifierConfig };
  const files: Record<string, string> = {};
  for (const name of secretsFor(spec, node.role)) {
    const value = values[name];
    if (value === undefined) throw new Error(`the secret ${name} was not read (openSshRun reads it)`);
    files[name] = value;
  }
  return files;
}

function contextOf(w: Working, spec: ClusterSpec, bundle: Bundle, desired: Desired): HostContext {
  return { session: w.session!, layout: layoutOf(spec, w.node), config: desired.config, bundle, secrets: desired.secretFiles, systemd: w.state!.systemd };
}

/** Upload, install and configure: everything that does not disturb the running daemon. */
async function prepareHost(w: Working, spec: ClusterSpec, bundle: Bundle, desired: Desired, emit: ProvisionListener): Promise<void> {
  const ctx = contextOf(w, spec, bundle, desired);
  const host = hostOf(w.node);
  const wants = new Set(w.outcome.changes.map((c) => c.stage));
  if (wants.has('upload')) {
    await stage(emit, host, 'upload', (report) => {
      let lastPct = -10;
      return uploadBundle(ctx, (sent, total) => {
        const pct = Math.floor((sent / total) * 100);
        if (pct >= lastPct + 10) { lastPct = pct; report(`${pct}% of ${(total / 1048576).toFixed(0)} MiB`); }
      });
    });
  }
  if (wants.has('install')) await stage(emit, host, 'install', () => installBundle(ctx));
  if (wants.has('configure')) {
    const stale = Object.keys(desired.secretHashes).filter((name) => w.state!.secretHashes[name] !== desired.secretHashes[name]);
    // A notifier config left from before `notifications` was removed from the file: the secret goes too.
    const unwanted = NOTIFIER_CONFIG_FILE in w.state!.secretHashes && !(NOTIFIER_CONFIG_FILE in desired.secretHashes) ? [NOTIFIER_CONFIG_FILE] : [];
    await stage(emit, host, 'configure', () => configureHost(ctx, stale, unwanted));
  }
}

/** (Re)starts the daemon on the new version and configuration, then records what the host now runs. */
async function activateHost(w: Working, spec: ClusterSpec, bundle: Bundle, desired: Desired, emit: ProvisionListener): Promise<void> {
  if (!w.outcome.changes.some((c) => c.stage === 'start')) return;
  const ctx = contextOf(w, spec, bundle, desired);
  await stage(emit, hostOf(w.node), 'start', async () => {
    await startService(ctx);
    await recordInstalled(ctx, {
      cluster: spec.name, name: w.node.name, role: w.node.role, bundleSha256: bundle.sha256, configHash: desired.configHash, updatedAt: new Date().toISOString(),
    });
  });
}
