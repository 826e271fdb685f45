import type { ClientProxy } from '@nestjs/microservices';
// Not re-exported from the package root; it is how Nest's NATS client reports "no responders".
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { ServiceRequestFailed, ServiceUnavailable, remoteCodeOf } from './errors';
import { DEFAULT_REQUEST_TIMEOUT_MS, type RequestOptions, type ServiceClient, ServiceClients } from './service-client';

/** Request/reply over core NATS via Nest's NATS ClientProxy (Transport.NATS). */
export class NatsServiceClient implements ServiceClient {
  constructor(
    readonly service: string,
    private readonly proxy: ClientProxy,
    private readonly defaultTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {}

  async request<T>(pattern: string, payload: unknown, options: RequestOptions = {}): Promise<T> {
    const ms = options.timeoutMs ?? this.defaultTimeoutMs;
    try {
      // The timeout covers connecting as well: a NATS that is down must not hang the caller.
      return await firstValueFrom(this.proxy.send<T>(pattern, payload).pipe(timeout({ first: ms })));
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): Error {
    if (error instanceof TimeoutError) return new ServiceUnavailable(this.service, 'timeout');
    if (error instanceof EmptyResponseException) return new ServiceUnavailable(this.service, 'no_responders');
    // Nest's client rejects with a string or a NatsError when the connection is down; a remote
    // handler's failure arrives as a plain deserialised object.
    if (error instanceof Error || typeof error === 'string') return new ServiceUnavailable(this.service, 'unreachable');
    return new ServiceRequestFailed(this.service, remoteCodeOf(error));
  }
}

export class NatsServiceClients extends ServiceClients {
  private readonly clients = new Map<string, ServiceClient>();

  constructor(
    private readonly proxy: ClientProxy,
    private readonly defaultTimeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {
    super();
  }

  get(service: string): ServiceClient {
    let client = this.clients.get(service);
    if (!client) this.clients.set(service, (client = new NatsServiceClient(service, this.proxy, this.defaultTimeoutMs)));
    return client;
  }
}
