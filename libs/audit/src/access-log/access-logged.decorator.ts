import { applyDecorators, SetMetadata, type Type, UseInterceptors } from '@nestjs/common';
import type { AuthenticatedUser } from '@wijkteam/auth';
import type { AccessPurpose, FilePart } from './access-log-entry';
import type { AccessRequest } from './access-request';
import { AccessLogInterceptor } from './access-log.interceptor';

export const ACCESS_LOGGED = 'wijkteam:audit:access-logged';

export interface AccessLoggedOptions {
  part: FilePart;
  /** Default 'care_delivery'. */
  purpose?: AccessPurpose;
  /**
   * Where the client id is: a route parameter, or a field of the response body (of each element
   * when the body is an array), or, for a page of a list (`{ items: [...], page, … }`), these fields
   * of each element of the body's `items` array, each a client id or an array of client ids (e.g.
   * `{ items: 'items', fields: ['clientId', 'childIds'] }`), or what `select` reads from the body
   * when the id is nested (a FHIR resource's `Patient/<id>`), one id or an array of them (each
   * client a list shows). Default `{ body: 'clientId' }`.
   */
  clientId?: { param: string } | { body: string } | PagedClientIds | { select: (body: unknown) => unknown };
  /**
   * For a route that names another record (`/audit/case-files/:caseFileId`): the provider (of any
   * module) that finds the clients of a request the roles guard refused, so that the refusal is
   * recorded on each of their files. Without it only a client id parameter is recorded.
   */
  refusedClients?: Type<RefusedClients>;
}

/** Finds the clients a refused request was about (see `AccessLoggedOptions.refusedClients`); none when the record does not exist. */
export abstract class RefusedClients {
  abstract clientIdsOf(request: AccessRequest, user: AuthenticatedUser): Promise<string[]>;
}

/** The clients a page of a list shows: fields of each element of the body's array `items`. */
export interface PagedClientIds {
  items: string;
  fields: readonly string[];
}

/**
 * Marks a GET route as a read of a client's file. The interceptor records the access after the
 * handler succeeded, in the log of the service whose module declares the controller (it imports
 * AuditModule.forService); a route that throws (404, 403, ...) records no read. A list records one
 * read per client it shows; an empty page records nothing. A user without the route's role is
 * refused by the roles guard, and that refusal is recorded when the route names the client or its
 * `refusedClients` finds them (AccessLogRoleRefusals); another team's file is refused and recorded by TeamFileAccess.
 */
export const AccessLogged = (options: AccessLoggedOptions): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(ACCESS_LOGGED, options), UseInterceptors(AccessLogInterceptor));
