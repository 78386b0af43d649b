import type { ClusterSpec, NodeSpec } from '../cluster-file/cluster-spec.js';
import { runScript } from '../remote/remote-shell.js';
import type { SshSession } from '../ssh/ssh-session.js';
import { crossHostChecks, runChecks, type CheckResult } from './checks.js';
import { factsScript, parseFacts, type Facts } from './facts.js';

export interface HostPreflight {
  node: NodeSpec;
  /** Why the host could not be checked at all (connection, authentication, host key). */
  error?: string;
  results: CheckResult[];
  facts?: Facts;
}

export interface PreflightBundle {
  /** uname -m spelling of the bundle's architecture. */
  arch: string;
  size: number;
}

/** Runs every check on one host over its session (one round trip). */
export async function preflightHost(session: SshSession, spec: ClusterSpec, node: NodeSpec, bundle: PreflightBundle, now = Date.now): Promise<HostPreflight> {
  const sentAt = now();
  const out = await runScript(session, factsScript(spec, node), { timeoutMs: 30_000 });
  const receivedAt = now();
  if (out.code !== 0 && out.stdout.trim() === '') {
    return { node, error: `the preflight script failed (exit ${out.code}): ${out.stderr.trim().split('\n').pop() ?? ''}`, results: [] };
  }
  const facts = parseFacts(out.stdout);
  facts.set('file_transfer', [await session.fileTransfer()]);
  return { node, facts, results: runChecks({ spec, node, facts, bundle, sentAt, receivedAt }) };
}

/** Adds the checks that compare hosts with each other. */
export function withCrossHostChecks(hosts: HostPreflight[]): HostPreflight[] {
  const cross = crossHostChecks(hosts);
  return hosts.map((h) => (cross.has(h.node.name) ? { ...h, results: [...h.results, cross.get(h.node.name)!] } : h));
}

export function hostFailed(h: HostPreflight): boolean {
  return h.error !== undefined || h.results.some((r) => r.status === 'fail');
}

/**
 * One line for a host's preflight, as `up` reports it: "28 checks: 26 passed, 2 warnings
 * (hostname-resolves, hostname-unique)"; failures name each check and why.
 */
export function preflightTally(h: HostPreflight): string {
  if (h.error !== undefined) return `could not be checked: ${h.error}`;
  const by = (status: CheckResult['status']) => h.results.filter((r) => r.status === status);
  const [passed, warned, failed] = [by('pass'), by('warn'), by('fail')];
  const parts = [`${passed.length} passed`];
  if (warned.length > 0) parts.push(`${warned.length} warning${warned.length === 1 ? '' : 's'} (${warned.map((r) => r.id).join(', ')})`);
  if (failed.length > 0) parts.push(`${failed.length} failed (${failed.map((r) => `${r.id}: ${r.detail}`).join('; ')})`);
  return `${h.results.length} checks: ${parts.join(', ')}`;
}
