import {
  ForbiddenException,
  Injectable,
  Logger,
  Optional,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from '../authenticated-user';
import { routeAccess } from '../route-access';
import { RoleRefusals } from './role-refusals';

/**
 * Lets a request through only when the user holds one of the route's @Roles. A route without
 * @Roles or @Public is refused: a forgotten decorator must never open case files.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly logger = new Logger('Auth');
  private readonly reported = new WeakSet<object>();

  constructor(
    private readonly reflector: Reflector,
    @Optional() private readonly refusals?: RoleRefusals,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = routeAccess(this.reflector, context);
    if (access.kind === 'public') return true;
    if (access.kind === 'undeclared') {
      this.reportUndeclared(context);
      throw new ForbiddenException('route declares no access rule (@Roles or @Public) and is refused by default');
    }
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    // Only reachable if the JWT guard was not registered first; refuse rather than assume.
    if (!user) throw new UnauthorizedException('missing bearer token');
    if (user.roles.some((role) => access.roles.includes(role))) return true;
    const refused = new ForbiddenException(`requires one of the roles: ${access.roles.join(', ')}`);
    if (!this.refusals) throw refused;
    return this.refusals.record(context, user).then(() => {
      throw refused;
    });
  }

  // Once per handler, so developers see the missing decorator without a log line per request.
  private reportUndeclared(context: ExecutionContext): void {
    const handler = context.getHandler();
    if (this.reported.has(handler)) return;
    this.reported.add(handler);
    this.logger.warn(`${context.getClass().name}.${handler.name} has neither @Roles nor @Public; refusing all calls`);
  }
}
