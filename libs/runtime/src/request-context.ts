import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type AuthenticatedUser, bearerTokenFrom } from '@wijkteam/auth';
import type { Actor } from '@wijkteam/event-store';
import type { Request } from 'express';
import type { CommandContext } from './command-runner';

/** The actor of a verified user, as event metadata records it: ids and codes only. */
export function actorOf(user: AuthenticatedUser): Actor {
  return { userId: user.userId, role: user.roles[0], organisation: user.organisation };
}

/** The command context of an HTTP request: the authenticated actor, the correlation id, and the user's token for requests on their behalf. */
export function commandContextOf(request: Pick<Request, 'headers'> & { user?: AuthenticatedUser }): CommandContext {
  const user = request.user;
  if (!user) throw new Error('commandContextOf needs an authenticated route');
  const token = bearerTokenFrom(request.headers.authorization);
  return { actor: actorOf(user), correlationId: String(request.headers['x-correlation-id']), ...(token ? { token } : {}) };
}

export const RequestContext = createParamDecorator((_data: unknown, ctx: ExecutionContext): CommandContext =>
  commandContextOf(ctx.switchToHttp().getRequest()),
);

/** ETag of a stream revision, and the revision an If-Match header asks for. */
export function etagOf(revision: bigint): string {
  return `"${revision.toString()}"`;
}

export function ifMatchRevision(header: string | undefined): bigint | undefined {
  if (!header) return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  return match ? BigInt(match[1]) : -1n; // an unparsable tag never matches: 412
}
