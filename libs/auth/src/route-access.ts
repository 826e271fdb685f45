import type { ExecutionContext, Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PUBLIC_ROUTE } from './decorators/public.decorator';
import { REQUIRED_ROLES } from './decorators/roles.decorator';
import type { Role } from './roles';

export type RouteAccess = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] } | { kind: 'undeclared' };

const metadata = new Reflector();
/** A handler or a controller, as Nest hands them out. */
type MetadataTarget = Parameters<Reflector['get']>[1];

/**
 * The access rule of a route. The handler's own decorators win over its controller's; on one level
 * @Roles wins over @Public, so a contradiction closes the route rather than opening it. No rule at
 * all is 'undeclared', which the roles guard refuses. The guards and the OpenAPI document both read
 * the rule here, so the document cannot say other than the guards do.
 */
export function declaredAccess(handler: MetadataTarget, controller: Type, reflector: Reflector = metadata): RouteAccess {
  for (const target of [handler, controller]) {
    const roles = reflector.get<Role[] | undefined>(REQUIRED_ROLES, target);
    if (roles) return { kind: 'roles', roles };
    if (reflector.get<boolean | undefined>(PUBLIC_ROUTE, target) === true) return { kind: 'public' };
  }
  return { kind: 'undeclared' };
}

/** The access rule of the route being handled. */
export function routeAccess(reflector: Reflector, context: ExecutionContext): RouteAccess {
  return declaredAccess(context.getHandler(), context.getClass(), reflector);
}
