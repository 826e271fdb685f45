import { SetMetadata } from '@nestjs/common';
import { isRole, type Role } from '../roles';

export const REQUIRED_ROLES = 'wijkteam:auth:roles';

/**
 * Allows a route (or a whole controller) to users holding at least one of the roles. Checked at
 * decoration time, so a typo stops the process at start-up instead of silently locking a route.
 * The OpenAPI document names the roles from this metadata (describeAccess).
 */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  if (roles.length === 0) throw new Error('@Roles() needs at least one role; use @Public() for open routes');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`@Roles() got unknown roles: ${unknown.join(', ')}`);
  return SetMetadata(REQUIRED_ROLES, [...new Set(roles)]);
}
