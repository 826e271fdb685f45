import { ServiceRequestFailed, ServiceUnavailable, remoteCodeOf } from '../request-reply/errors';
import { DEFAULT_REQUEST_TIMEOUT_MS, type ServiceClient, ServiceClients } from '../request-reply/service-client';

export type InProcessRequestHandler = (payload: unknown) => Promise<unknown>;

/**
 * Request/reply between services that share a process (the embedded default). Behaves like the NATS
 * path on purpose: payloads are copied through JSON (no shared objects), an unregistered pattern is
 * "no responders", a slow handler is a timeout; both are ServiceUnavailable.
 */
export class InProcessRequestBus {
  /** The bus of this process, used unless one is passed in (tests pass their own). */
  static readonly shared = new InProcessRequestBus();
  private readonly handlers = new Map<string, { service: string; handler: InProcessRequestHandler }>();

  /** Returns the function that unregisters it (the transport calls it on close). */
  register(service: string, pattern: string, handler: InProcessRequestHandler): () => void {
    const existing = this.handlers.get(pattern);
    if (existing && existing.service !== service) {
      throw new Error(`request pattern ${pattern} is already served by ${existing.service}`);
    }
    const entry = { service, handler };
    this.handlers.set(pattern, entry);
    return () => {
      if (this.handlers.get(pattern) === entry) this.handlers.delete(pattern);
    };
  }

  async request<T>(service: string, pattern: string, payload: unknown, timeoutMs: number): Promise<T> {
    const entry = this.handlers.get(pattern);
    if (!entry || entry.service !== service) throw new ServiceUnavailable(service, 'no_responders');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ServiceUnavailable(service, 'timeout')), timeoutMs);
    });
    try {
      const reply = await Promise.race([entry.handler(copy(payload)), timedOut]);
      return copy(reply) as T;
    } catch (error) {
      if (error instanceof ServiceUnavailable) throw error;
      throw new ServiceRequestFailed(service, remoteCodeOf(error));
    } finally {
      clearTimeout(timer);
    }
  }
}

function copy(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Request/reply through the in-process bus (the embedded default). */
export class InProcessServiceClients extends ServiceClients {
  constructor(
    private readonly bus: InProcessRequestBus = InProcessRequestBus.shared,
    private readonly timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {
    super();
  }

  get(service: string): ServiceClient {
    return { service, request: <T>(pattern: string, payload: unknown) => this.bus.request<T>(service, pattern, payload, this.timeoutMs) };
  }
}
