/**
 * Request/reply to one other service. Two implementations with one behaviour: over core NATS through
 * Nest's ClientProxy, and in-process for the embedded default. Fails with ServiceUnavailable when
 * the service is down or does not answer within the clients' timeout, ServiceRequestFailed when it
 * answered with an error.
 */
export interface ServiceClient {
  readonly service: string;
  request<T>(pattern: string, payload: unknown): Promise<T>;
}

/** Nest injection token and factory: `clients.get('consent').request(...)`. */
export abstract class ServiceClients {
  abstract get(service: string): ServiceClient;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 2_000;
