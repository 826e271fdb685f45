import type { IncomingHttpHeaders } from 'node:http';
import type { Role, Team } from './roles';

/**
 * Who is acting, as far as authorisation needs to know. Deliberately no name, e-mail or BSN:
 * `userId` is the identity provider's opaque subject, safe for event metadata and logs.
 */
export interface AuthenticatedUser {
  userId: string;
  roles: Role[];
  organisation: string;
  team: Team;
}

/** The slice of an HTTP request the guards read and write; any platform adapter fits it. */
export interface AuthenticatedRequest {
  headers: IncomingHttpHeaders;
  user?: AuthenticatedUser;
}
