import type { AppDefinition } from '../core/marathon/app-definition.js';
import type { ValidationDetail } from '../core/errors.js';
import type { TaskState } from '../core/task-state.js';

/** Marathon /v2 wire shapes (docs/docs/rest-api/public/api/v2/types/*.raml). */

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
  ipAddresses: Array<{ ipAddress: string; protocol: 'IPv4' }>;
}

export interface DeploymentRef {
  id: string;
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
  /** Present with embed=apps.tasks, and always on GET /v2/apps/{id}. */
  tasks?: MarathonTask[];
  /** Set while the app's launches wait out a backoff delay after failures. */
  lastTaskFailure?: { taskId: string; state: TaskState; message: string; timestamp: string; host: string; appId: string; version: string };
}

export interface DeploymentResult {
  deploymentId: string;
  version: string;
}

export interface MarathonDeployment {
  id: string;
  version: string;
  affectedApps: string[];
  affectedPods: string[];
  steps: Array<{ actions: Array<{ action: string; app: string }> }>;
  currentActions: Array<{ action: string; app: string }>;
  currentStep: number;
  totalSteps: number;
}

export interface MarathonInfo {
  name: string;
  version: string;
  buildref: string;
  elected: boolean;
  leader: string;
  frameworkId: string | null;
  marathon_config: Record<string, unknown>;
  http_config: Record<string, unknown>;
}

/** Marathon's error body: 422 carries details, other codes only a message. */
export interface MarathonErrorBody {
  message: string;
  details?: ValidationDetail[];
  code?: string;
}
