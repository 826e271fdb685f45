import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import type { AccessPurpose, FilePart } from './access-log-entry';
import { AccessLogInterceptor } from './access-log.interceptor';

export const ACCESS_LOGGED = 'wijkteam:audit:access-logged';

export interface AccessLoggedOptions {
  part: FilePart;
  /** Default 'care_delivery'. */
  purpose?: AccessPurpose;
  /**
   * Where the client id is: a route parameter, or a field of the response body (of each element
   * when the body is an array). Default `{ body: 'clientId' }`.
   */
  clientId?: { param: string } | { body: string };
}

/**
 * Marks a GET route as a read of a client's file. The interceptor records the access after the
 * handler succeeded, in the log of the service whose module declares the controller (it imports
 * AuditModule.forService); a route that throws (404, 403, ...) records nothing.
 */
export const AccessLogged = (options: AccessLoggedOptions): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_LOGGED, options), UseInterceptors(AccessLogInterceptor));
