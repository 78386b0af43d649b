import { dirname } from 'node:path';
import type { TaskLaunch } from '../../core/framework.js';
import { userEnvironment, type TaskUser } from './task-user.js';

/**
 * The environment of a task. Built from scratch, never copied from the agent's own env:
 * the agent's env may hold things tasks must not see (and the node token is only ever
 * in a file, never in the env). Precedence, lowest first: a few basics from the agent's
 * env (PATH, HOME, LANG; PATH ends with the runtime's node), the scheduler's env (PORT*, HOST, MARATHON_*, the app's own
 * env), then the MESOS_* variables only the agent can know. A task run as another user
 * gets that user's HOME, USER and LOGNAME in place of the agent's basics.
 */
const INHERITED = ['PATH', 'HOME', 'LANG'] as const;
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface TaskEnvInput {
  launch: TaskLaunch;
  frameworkId: string;
  agentId: string;
  sandbox: string;
  hostname: string;
  agentEnv: NodeJS.ProcessEnv;
  /** The user the agent switches to for this task, if any. */
  user?: TaskUser;
  /** The directory of the node binary the agent runs on (default: this process's). */
  nodeDir?: string;
}

export function taskEnvironment(input: TaskEnvInput): Record<string, string> {
  const env: Record<string, string> = { PATH: DEFAULT_PATH };
  for (const name of INHERITED) {
    const value = input.agentEnv[name];
    if (value !== undefined && value !== '') env[name] = value;
  }
  // The runtime's own node is on every task's PATH, after the host's: packages need
  // nothing but our runtime (the bundle installs node outside the host's PATH).
  const nodeDir = input.nodeDir ?? dirname(process.execPath);
  if (!env.PATH.split(':').includes(nodeDir)) env.PATH = `${env.PATH}:${nodeDir}`;
  if (input.user) Object.assign(env, userEnvironment(input.user));
  env.HOST = input.hostname;
  Object.assign(env, input.launch.env ?? {});
  Object.assign(env, {
    MESOS_TASK_ID: input.launch.taskId,
    MESOS_FRAMEWORK_ID: input.frameworkId,
    MESOS_AGENT_ID: input.agentId,
    MESOS_SLAVE_ID: input.agentId,
    MESOS_SANDBOX: input.sandbox,
    MESOS_DIRECTORY: input.sandbox,
  });
  return env;
}

/** The argv a task's command runs as: `/bin/sh -c value` for shell commands, argv otherwise. */
export function commandArgv(launch: TaskLaunch): string[] {
  const { command } = launch;
  if (command.shell) return ['/bin/sh', '-c', command.value ?? ''];
  return command.argv ?? [];
}
