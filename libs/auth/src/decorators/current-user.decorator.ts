import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest, AuthenticatedUser } from '../authenticated-user';

/**
 * The user the JWT guard put on the request. Used on a @Public route (or outside HTTP) there is no
 * user; that is a programming error, so it fails loudly (500) instead of handing out `undefined`.
 */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = context.getType() === 'http' ? context.switchToHttp().getRequest<AuthenticatedRequest>().user : undefined;
  if (!user) throw new Error('@CurrentUser() used on a route without an authenticated user');
  return user;
});
