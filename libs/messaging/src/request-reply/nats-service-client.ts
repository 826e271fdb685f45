import type { ClientProxy } from '@nestjs/microservices';
// Not re-exported from the package root; it is how Nest's NATS client reports "no responders".
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { ServiceRequestFailed, ServiceUnavailable, remoteCodeOf } from './errors';
import { DEFAULT_REQUEST_TIMEOUT_MS, type ServiceClient, ServiceClients } from './service-client';

/** Request/reply over core NATS via Nest's NATS ClientProxy (Transport.NATS). */
export class NatsServiceClients extends ServiceClients {
  constructor(
    private readonly proxy: ClientProxy,
    private readonly timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS,
  ) {
    super();
  }

  get(service: string): ServiceClient {
    return {
      service,
      request: async <T>(pattern: string, payload: unknown): Promise<T> => {
        try {
          // The timeout covers connecting as well: a NATS that is down must not hang the caller.
          return await firstValueFrom(this.proxy.send<T>(pattern, payload).pipe(timeout({ first: this.timeoutMs })));
        } catch (error) {
          throw translate(service, error);
        }
      },
    };
  }
}

function translate(service: string, error: unknown): Error {
  if (error instanceof TimeoutError) return new ServiceUnavailable(service, 'timeout');
  if (error instanceof EmptyResponseException) return new ServiceUnavailable(service, 'no_responders');
  // Nest's client rejects with a string or a NatsError when the connection is down; a remote
  // handler's failure arrives as a plain deserialised object.
  if (error instanceof Error || typeof error === 'string') return new ServiceUnavailable(service, 'unreachable');
  return new ServiceRequestFailed(service, remoteCodeOf(error));
}
