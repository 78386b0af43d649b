/**
 * Every error a user can see carries a stable code, a message that names the bad value,
 * and (where one exists) its cause. HTTP status is part of the contract of API errors.
 */
export const ErrorCodes = {
  INVALID_DEFINITION: 'DCOS_ERR_INVALID_DEFINITION',
  NOT_FOUND: 'DCOS_ERR_NOT_FOUND',
  CONFLICT: 'DCOS_ERR_CONFLICT',
  UNAUTHORIZED: 'DCOS_ERR_UNAUTHORIZED',
  BAD_REQUEST: 'DCOS_ERR_BAD_REQUEST',
  UNREACHABLE: 'DCOS_ERR_UNREACHABLE',
  NO_CLUSTER: 'DCOS_ERR_NO_CLUSTER',
  CLUSTER_START: 'DCOS_ERR_CLUSTER_START',
  /** A local cluster did not stop completely: a recorded process still runs. */
  CLUSTER_STOP: 'DCOS_ERR_CLUSTER_STOP',
  /** A host's SSH key is unknown where trust is required, or differs from the pinned/recorded one. */
  HOST_KEY: 'DCOS_ERR_HOST_KEY',
  /** SSH failed: connection refused, timed out, or the key was rejected. */
  SSH: 'DCOS_ERR_SSH',
  /** A preflight check failed on at least one host. */
  PREFLIGHT: 'DCOS_ERR_PREFLIGHT',
  /** Provisioning failed on at least one host (the others went on). */
  PROVISION: 'DCOS_ERR_PROVISION',
  /** The cluster's state store refused a write; the change was not made. */
  STORE: 'DCOS_ERR_STORE',
  /** The CLI's runtime is older than the one a cluster runs: refused unless --allow-downgrade. */
  DOWNGRADE: 'DCOS_ERR_DOWNGRADE',
  /** A wait the user asked for (`--wait`) ran past its --timeout; the work goes on without the CLI. */
  TIMEOUT: 'DCOS_ERR_TIMEOUT',
  INTERNAL: 'DCOS_ERR_INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface ValidationDetail {
  /** JSON pointer-like path of the bad value, as Marathon reports it: "/cpus", "/portDefinitions(0)/port". */
  path: string;
  errors: string[];
  /** Where the value stands in a source file (cluster.yaml), 1-based. */
  location?: { file: string; line: number; column: number };
  /** How to fix it, when there is a likely fix. */
  hint?: string;
}

export class DcosError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: ValidationDetail[];
  /** More fields of the error body a contract names (Marathon's 409 carries `deployments`). */
  readonly extra?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { status?: number; details?: ValidationDetail[]; cause?: unknown; extra?: Record<string, unknown> } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DcosError';
    this.code = code;
    this.status = opts.status ?? statusFor(code);
    this.details = opts.details;
    this.extra = opts.extra;
  }
}

function statusFor(code: ErrorCode): number {
  switch (code) {
    case ErrorCodes.INVALID_DEFINITION: return 422;
    case ErrorCodes.NOT_FOUND: return 404;
    case ErrorCodes.CONFLICT: return 409;
    case ErrorCodes.UNAUTHORIZED: return 401;
    case ErrorCodes.BAD_REQUEST: return 400;
    case ErrorCodes.UNREACHABLE: return 503;
    case ErrorCodes.HOST_KEY: return 403;
    case ErrorCodes.SSH: return 502;
    case ErrorCodes.PREFLIGHT: return 412;
    case ErrorCodes.PROVISION: return 502;
    case ErrorCodes.STORE: return 503;
    case ErrorCodes.DOWNGRADE: return 409;
    case ErrorCodes.TIMEOUT: return 504;
    default: return 500;
  }
}

export function notFound(what: string): DcosError {
  return new DcosError(ErrorCodes.NOT_FOUND, what);
}
