import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthenticatedUser } from '@wijkteam/auth';
import type { Request } from 'express';
import type { CommandContext } from './command-runner';

/** The command context of an HTTP request: the authenticated actor and the correlation id. */
export function commandContextOf(request: Request & { user?: AuthenticatedUser }): CommandContext {
  const user = request.user;
  if (!user) throw new Error('commandContextOf needs an authenticated route');
  return {
    actor: { userId: user.userId, role: user.roles[0], organisation: user.organisation },
    correlationId: String(request.headers['x-correlation-id']),
  };
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
