import { DEPLOYMENT_TIMEOUT_LABEL } from '../app-definition.js';
import { at, type RuleContext } from './rule-context.js';
import { INT32_MAX, stringMap } from './schema-parts.js';

export const LABELS_SCHEMA = { labels: stringMap };

/** Marathon's Apps.LabelSingleInstanceApp and the DC/OS migration API labels. */
const SINGLE_INSTANCE = 'MARATHON_SINGLE_INSTANCE_APP';
const MIGRATION_API_VERSION = 'DCOS_MIGRATION_API_VERSION';
const MIGRATION_API_PATH = 'DCOS_MIGRATION_API_PATH';
const PACKAGE_FRAMEWORK_NAME = 'DCOS_PACKAGE_FRAMEWORK_NAME';

/**
 * The labels someone reads: this project's deployment timeout (seconds, a positive
 * integer), and Marathon's rules for single-instance apps (SchedulingValidation:
 * at most one instance, upgrades that stop the old task first) and the migration API.
 */
export function labelRules({ raw, problems, clean }: RuleContext): void {
  if (!clean('/labels') || !raw.labels) return;
  const labels = raw.labels;
  const timeout = labels[DEPLOYMENT_TIMEOUT_LABEL];
  if (timeout !== undefined && !(/^[1-9][0-9]*$/.test(timeout) && Number(timeout) <= INT32_MAX)) {
    problems.add(at('/labels', DEPLOYMENT_TIMEOUT_LABEL), `must be a positive integer number of seconds (e.g. "600"), got "${timeout}"`);
  }
  if (labels[SINGLE_INSTANCE] === 'true') {
    if (clean('/instances') && (raw.instances ?? 1) > 1) problems.add('/instances', 'Single instance app may only have one instance');
    if (clean('/upgradeStrategy')) {
      for (const field of ['minimumHealthCapacity', 'maximumOverCapacity'] as const) {
        const value = raw.upgradeStrategy?.[field] ?? 1;
        if (value !== 0) problems.add(at('/upgradeStrategy', field), `must be 0 for a single instance app (label ${SINGLE_INSTANCE}), got ${value}`);
      }
    }
  }
  const apiVersion = labels[MIGRATION_API_VERSION];
  if (apiVersion && !(apiVersion === 'v1' && labels[PACKAGE_FRAMEWORK_NAME] && labels[MIGRATION_API_PATH])) {
    problems.add('/labels', `${PACKAGE_FRAMEWORK_NAME} and ${MIGRATION_API_PATH} must be defined when using ${MIGRATION_API_VERSION} (whose one version is "v1")`);
  }
}
