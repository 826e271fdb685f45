export type UnavailableReason = 'timeout' | 'no_responders' | 'unreachable';

/**
 * The other service is down, unreachable or did not answer in time. Carries the service name and
 * why, never the request payload (it may hold personal data and errors end up in logs). HTTP: 503.
 */
export class ServiceUnavailable extends Error {
  readonly code = 'service_unavailable';
  readonly httpStatus = 503;
  constructor(
    readonly service: string,
    readonly reason: UnavailableReason,
  ) {
    super(`service unavailable: ${service} (${reason})`);
    this.name = 'ServiceUnavailable';
  }
}

/** The other service answered with an error; `remoteCode` is its error code when it sent one. */
export class ServiceRequestFailed extends Error {
  readonly code = 'service_request_failed';
  readonly httpStatus = 502;
  constructor(
    readonly service: string,
    readonly remoteCode: string,
  ) {
    super(`request to ${service} failed: ${remoteCode}`);
    this.name = 'ServiceRequestFailed';
  }
}

/** The code a remote error object or Error carries, for ServiceRequestFailed. */
export function remoteCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[a-z0-9_.-]{1,80}$/i.test(code)) return code;
  return 'remote_error';
}
