import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE } from './decorators/public.decorator';
import { REQUIRED_ROLES } from './decorators/roles.decorator';
import type { Role } from './roles';

export type RouteAccess = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] } | { kind: 'undeclared' };

/**
 * The access rule of the route being handled. The handler's own decorators win over its
 * controller's; on one level @Roles wins over @Public, so a contradiction closes the route rather
 * than opening it. No rule at all is 'undeclared', which the roles guard refuses.
 */
export function routeAccess(reflector: Reflector, context: ExecutionContext): RouteAccess {
  for (const target of [context.getHandler(), context.getClass()]) {
    const roles = reflector.get<Role[] | undefined>(REQUIRED_ROLES, target);
    if (roles) return { kind: 'roles', roles };
    if (reflector.get<boolean | undefined>(PUBLIC_ROUTE, target) === true) return { kind: 'public' };
  }
  return { kind: 'undeclared' };
}
