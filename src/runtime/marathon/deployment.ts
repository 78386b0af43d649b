import { randomUUID } from 'node:crypto';

/** Marathon deployment actions (types/deploymentAction.raml) this scheduler produces. */
export type DeploymentAction = 'StartApplication' | 'ScaleApplication' | 'RestartApplication' | 'StopApplication';

/**
 * A change to an app, tracked until the cluster matches it. While it runs the app is
 * locked: another change gets 409 unless forced, and a forced change replaces it.
 */
export interface Deployment {
  id: string;
  version: string;
  appId: string;
  action: DeploymentAction;
  createdAt: number;
}

export function newDeployment(appId: string, action: DeploymentAction, version: string, now: number): Deployment {
  return { id: randomUUID(), version, appId, action, createdAt: now };
}
