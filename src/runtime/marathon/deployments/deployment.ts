/**
 * Deployments as plans (Marathon deployments.md, types/deploymentPlan.raml): a change
 * to apps is a list of steps run in order; the actions inside a step run together. While
 * a deployment runs, the apps it affects are locked: another change gets 409 unless
 * forced, and a forced change cancels it.
 */
export type DeploymentActionType = 'StartApplication' | 'ScaleApplication' | 'RestartApplication' | 'StopApplication' | 'ResolveArtifacts';

export interface DeploymentAction {
  action: DeploymentActionType;
  app: string;
  /** ScaleApplication from a task kill with scale=true: these tasks are the ones to go. */
  tasksToKill?: string[];
}

export interface DeploymentStep {
  actions: DeploymentAction[];
}

export type DeploymentStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

/** One line of a deployment's history: what happened to it, when, and why. */
export interface DeploymentEvent {
  /** ms since epoch */
  at: number;
  event: 'started' | 'step-started' | 'step-succeeded' | 'succeeded' | 'failed' | 'cancelled' | 'timed-out' | 'rolled-back';
  /** 1-based, as Marathon counts steps. */
  step?: number;
  message?: string;
}

export interface Deployment {
  readonly id: string;
  /** The version of the change (the root group version it makes). */
  readonly version: string;
  /** ms since epoch */
  readonly createdAt: number;
  readonly affectedApps: string[];
  readonly steps: DeploymentStep[];
  /** 0-based index of the running step; steps before it are done. */
  readonly stepIndex: number;
  /** Per affected app: its version before the change (null: it did not exist). Rollback restores these. */
  readonly original: Record<string, string | null>;
  /** Per affected app: its version after the change (null: removed). */
  readonly target: Record<string, string | null>;
  readonly status: DeploymentStatus;
  readonly history: DeploymentEvent[];
  /** Why it failed or was cancelled. */
  readonly reason?: string;
  /** ms since epoch: past it, a deployment whose new tasks are not all healthy and ready rolls back (DCOS_DEPLOYMENT_TIMEOUT_SECONDS). */
  readonly deadline?: number;
  /** The deployment this one reverts. */
  readonly revertOf?: string;
  /** ms since epoch */
  readonly finishedAt?: number;
}

export function currentStep(d: Deployment): DeploymentStep | undefined {
  return d.steps[d.stepIndex];
}

/** The steps (0-based indexes) in which an app has actions, with those actions. */
export function actionsOf(d: Deployment, appId: string): Array<{ step: number; action: DeploymentAction }> {
  const out: Array<{ step: number; action: DeploymentAction }> = [];
  d.steps.forEach((s, step) => {
    for (const action of s.actions) if (action.app === appId) out.push({ step, action });
  });
  return out;
}
