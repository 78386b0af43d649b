import type { AppDefinition } from '../../core/marathon/app-definition.js';

/** A validated app definition with Marathon's upgrade strategy resolved (default 1 / 1). */
export type AppSpec = AppDefinition & {
  upgradeStrategy: { minimumHealthCapacity: number; maximumOverCapacity: number };
};

/** An app as the scheduler keeps it: the spec plus its version markers. */
export type StoredApp = AppSpec & {
  version: string;
  versionInfo: { lastScalingAt: string; lastConfigChangeAt: string };
};

/** Fields whose change only scales an app; any other change is a new config that replaces its tasks. */
export const SCALING_FIELDS = new Set(['instances', 'version', 'versionInfo']);
