import type { TaskHealthCheck } from '../../../../../src/core/framework.js';

/** A check with every field set; tests override what they are about. */
export function healthCheck(extra: Partial<TaskHealthCheck> = {}): TaskHealthCheck {
  return {
    protocol: 'HTTP', port: 31000, path: '/health', gracePeriodSeconds: 10, intervalSeconds: 5, timeoutSeconds: 2,
    delaySeconds: 0, ignoreHttp1xx: false, ipProtocol: 'IPv4', ...extra,
  };
}
