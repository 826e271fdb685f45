import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AUTH_BEARER_SCHEME } from '../bearer';
import { isRole, type Role } from '../roles';

export const REQUIRED_ROLES = 'wijkteam:auth:roles';

/**
 * Allows a route (or a whole controller) to users holding at least one of the roles, and documents
 * that in OpenAPI. Checked at decoration time, so a typo stops the process at start-up instead of
 * silently locking a route.
 */
export function Roles(...roles: Role[]): MethodDecorator & ClassDecorator {
  if (roles.length === 0) throw new Error('@Roles() needs at least one role; use @Public() for open routes');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`@Roles() got unknown roles: ${unknown.join(', ')}`);
  const allowed = [...new Set(roles)];
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES, allowed),
    ApiBearerAuth(AUTH_BEARER_SCHEME),
    ApiUnauthorizedResponse({ description: 'Missing, invalid or expired bearer token' }),
    ApiForbiddenResponse({ description: `Requires one of the roles: ${allowed.join(', ')}` }),
  );
}
