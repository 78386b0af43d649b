import type { AppDefinition } from '../core/marathon/app-definition.js';
import type { ValidationDetail } from '../core/errors.js';
import type { TaskState } from '../core/task-state.js';

/** Marathon /v2 wire shapes (docs/docs/rest-api/public/api/v2/types/*.raml). */

export interface HealthCheckResult {
  alive: boolean;
  consecutiveFailures: number;
  firstSuccess: string | null;
  lastSuccess: string | null;
  lastFailure: string | null;
  lastFailureCause: string | null;
  instanceId: string;
}

export interface MarathonTask {
  id: string;
  appId: string;
  host: string;
  ports: number[];
  servicePorts: number[];
  slaveId: string;
  state: TaskState;
  stagedAt: string;
  startedAt?: string;
  version: string;
  ipAddresses: Array<{ ipAddress: string; protocol: 'IPv4' | 'IPv6' }>;
  localVolumes?: unknown[];
  role?: string;
  healthCheckResults?: HealthCheckResult[];
  /** task.raml CheckStatus: what the app's general check found last (one of http, tcp, command). */
  checkResult?: { http?: { statusCode?: number }; tcp?: { succeeded: boolean }; command?: { exitCode: number } };
}

export interface DeploymentRef {
  id: string;
}

export interface ReadinessCheckResult {
  name: string;
  taskId: string;
  ready: boolean;
  lastResponse?: { status: number; contentType: string; body: string };
}

export interface TaskFailureView {
  appId: string;
  taskId: string;
  state: TaskState;
  message: string;
  timestamp: string;
  host: string;
  slaveId: string;
  version: string;
}

export interface MarathonApp extends AppDefinition {
  /** The service ports of portDefinitions (Marathon's legacy field, still read by load balancers). */
  ports: number[];
  version: string;
  versionInfo: { lastScalingAt: string; lastConfigChangeAt: string };
  tasksStaged: number;
  tasksRunning: number;
  tasksHealthy: number;
  tasksUnhealthy: number;
  deployments: DeploymentRef[];
  /** With embed=apps.tasks, and always on GET /v2/apps/{id}. */
  tasks?: MarathonTask[];
  lastTaskFailure?: TaskFailureView;
  readinessCheckResults?: ReadinessCheckResult[];
  taskStats?: Record<string, unknown>;
}

export interface DeploymentResult {
  deploymentId: string;
  version: string;
}

export interface DeploymentActionView {
  action: string;
  app: string;
}

export interface MarathonDeployment {
  id: string;
  version: string;
  affectedApps: string[];
  affectedPods: string[];
  steps: Array<{ actions: DeploymentActionView[] }>;
  currentActions: Array<DeploymentActionView & { readinessCheckResults?: ReadinessCheckResult[] }>;
  currentStep: number;
  totalSteps: number;
}

/** GET /v2/deployments/{id} (this project's): a running or finished deployment with its history. */
export interface DeploymentDetail extends MarathonDeployment {
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  reason?: string;
  createdAt: string;
  finishedAt?: string;
  deadline?: string;
  revertOf?: string;
  history: Array<{ at: string; event: string; step?: number; message?: string }>;
}

export interface MarathonGroup {
  id: string;
  apps?: MarathonApp[];
  groups?: MarathonGroup[];
  pods: unknown[];
  dependencies: string[];
  version: string;
  enforceRole: boolean;
}

export interface RejectSummary {
  reason: string;
  declined: number;
  processed: number;
}

export interface QueueItem {
  count: number;
  delay: { timeLeftSeconds: number; overdue: boolean };
  since: string;
  role: string;
  app: MarathonApp;
  processedOffersSummary: {
    processedOffersCount: number;
    unusedOffersCount: number;
    lastUnusedOfferAt?: string;
    lastUsedOfferAt?: string;
    rejectSummaryLastOffers: RejectSummary[];
    rejectSummaryLaunchAttempt: RejectSummary[];
  };
  lastUnusedOffers?: Array<{ offer: { id: string; agentId: string; hostname: string }; timestamp: string; reason: string[] }>;
  /** This project's: why the app waits, for people ("3 agents: insufficient mem (needs 512, largest free 256)"). */
  waitingReason: string;
}

export interface MarathonInfo {
  name: string;
  version: string;
  buildref: string;
  elected: boolean;
  leader: string;
  frameworkId: string | null;
  marathon_config: Record<string, unknown>;
  zookeeper_config: Record<string, unknown>;
  http_config: Record<string, unknown>;
}

/** Marathon's error body: 422 carries details, 409 the locking deployments, others only a message. */
export interface MarathonErrorBody {
  message: string;
  details?: ValidationDetail[];
  deployments?: DeploymentRef[];
  code?: string;
}
