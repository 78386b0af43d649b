import { gunzipSync } from 'node:zlib';
import type { PackageDefinition } from '../../../api/cosmos-types.js';

/** The labels Cosmos puts on an installed app (reference/cosmos-universe.md §3.4), and those templates set. */
export const PackageLabels = {
  name: 'DCOS_PACKAGE_NAME',
  version: 'DCOS_PACKAGE_VERSION',
  source: 'DCOS_PACKAGE_SOURCE',
  options: 'DCOS_PACKAGE_OPTIONS',
  definition: 'DCOS_PACKAGE_DEFINITION',
  frameworkName: 'DCOS_PACKAGE_FRAMEWORK_NAME',
  serviceName: 'DCOS_SERVICE_NAME',
} as const;

/** The user's options as installed (DCOS_PACKAGE_OPTIONS: base64 of their JSON); {} when absent or unreadable. */
export function installedOptions(labels: Record<string, string>): Record<string, unknown> {
  const raw = labels[PackageLabels.options];
  if (!raw) return {};
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

/**
 * The package definition an app was installed from (DCOS_PACKAGE_DEFINITION: base64 of a
 * StorageEnvelope whose data is base64 of gzipped JSON). Undefined when the label is
 * absent or damaged: Cosmos's list skips such apps.
 */
export function installedDefinition(labels: Record<string, string>): PackageDefinition | undefined {
  const raw = labels[PackageLabels.definition];
  if (!raw) return undefined;
  try {
    const envelope = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as { metadata?: Record<string, string>; data?: string };
    if (typeof envelope.data !== 'string') return undefined;
    let bytes = Buffer.from(envelope.data, 'base64');
    if (envelope.metadata?.['Content-Encoding'] === 'gzip') bytes = gunzipSync(bytes, { maxOutputLength: 16 * 1024 * 1024 });
    const pkg = JSON.parse(bytes.toString('utf8')) as PackageDefinition;
    return typeof pkg?.name === 'string' && typeof pkg.version === 'string' ? pkg : undefined;
  } catch {
    return undefined;
  }
}
