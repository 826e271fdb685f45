export interface RequestOptions {
  /** Default: the client's default (2 s unless configured). */
  timeoutMs?: number;
}

/**
 * Request/reply to one other service. Two implementations with one behaviour: over core NATS through
 * Nest's ClientProxy, and in-process for the embedded default. Fails with ServiceUnavailable when
 * the service is down or slow, ServiceRequestFailed when it answered with an error.
 */
export interface ServiceClient {
  readonly service: string;
  request<T>(pattern: string, payload: unknown, options?: RequestOptions): Promise<T>;
}

/** Nest injection token and factory: `clients.get('consent').request(...)`. */
export abstract class ServiceClients {
  abstract get(service: string): ServiceClient;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 2_000;
