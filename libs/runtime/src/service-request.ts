import { Injectable, type Type } from '@nestjs/common';
import { type AuthenticatedUser, rejectionCode, TokenRejected, type TokenRejectionReason, TokenVerifier } from '@wijkteam/auth';
import type { ServiceClients } from '@wijkteam/messaging';
import { IsJWT, IsString, Matches, MaxLength } from 'class-validator';
import type { CommandContext } from './command-runner';
import { validateMessage } from './message-validation';
import { actorOf } from './request-context';

/** Longer than any access token an identity provider issues; a bound for what the bus hands to the verifier. */
const MAX_TOKEN_LENGTH = 8192;

/**
 * The envelope of a request to another service on a user's behalf: the user's own bearer token and
 * the correlation id; each request adds its own fields. The receiver verifies the token as its HTTP
 * edge would (UserRequests) and takes the actor from it, so a client on the bus cannot name someone
 * else as the actor: it would need a token the identity provider signed for them.
 */
export abstract class ServiceRequestEnvelope {
  @IsJWT()
  @MaxLength(MAX_TOKEN_LENGTH)
  token!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9-]{8,64}$/)
  correlationId!: string;
}

/** The envelope's own fields, for the caller. */
export interface UserRequestEnvelope {
  token: string;
  correlationId: string;
}

/** A request asked for a user without their token: work nobody asked for cannot speak for a user. */
export class NoUserToken extends Error {
  constructor() {
    super('a request to another service on behalf of a user needs the user\'s token');
    this.name = 'NoUserToken';
  }
}

/** The envelope of a request on behalf of the user of `context` (an HTTP request's context carries their token). */
export function onBehalfOfUser(context: Pick<CommandContext, 'token' | 'correlationId'>): UserRequestEnvelope {
  if (!context.token) throw new NoUserToken();
  return { token: context.token, correlationId: context.correlationId };
}

/** The token was not accepted by the receiving service: the code names the reason (`token_expired`, …), never the token. */
export class UserTokenRejected extends Error {
  readonly code: string;
  readonly httpStatus = 401;
  constructor(reason: TokenRejectionReason) {
    super(`user token rejected: ${reason}`);
    this.name = 'UserTokenRejected';
    this.code = `user_${rejectionCode(reason)}`;
  }
}

/** A request on a user's behalf, accepted: its fields, the verified user, and the command context of that user. */
export type AcceptedUserRequest<T> = T & { user: AuthenticatedUser; context: CommandContext };

/**
 * The receiving side of ServiceRequestEnvelope: the request validated by its DTO (422 naming the
 * field), then the token verified with the service's own TokenVerifier (same issuer, audience, keys
 * and time rules as its HTTP edge). The actor of whatever the request leads to is the verified user.
 */
@Injectable()
export class UserRequests {
  constructor(private readonly verifier: TokenVerifier) {}

  async accept<T extends ServiceRequestEnvelope>(dto: Type<T>, payload: unknown): Promise<AcceptedUserRequest<T>> {
    const message = await validateMessage(dto, payload);
    let user: AuthenticatedUser;
    try {
      user = await this.verifier.verify(message.token);
    } catch (error) {
      if (error instanceof TokenRejected) throw new UserTokenRejected(error.reason);
      throw error;
    }
    return Object.assign(message, { user, context: { actor: actorOf(user), correlationId: message.correlationId, token: message.token } });
  }
}

/** Another service answers for at most this many clients per request. */
export const CLIENTS_PER_REQUEST = 1000;

/**
 * Asks `service` about many clients in requests of at most CLIENTS_PER_REQUEST, on behalf of the
 * user of `context`, and maps each client in the replies to its answer. A client the service holds nothing
 * of (erased) is absent; the service down: ServiceUnavailable, a 503 to the caller.
 */
export async function askPerClient<Answer extends { clientId: string }, Value>(
  clients: ServiceClients,
  service: string,
  pattern: string,
  clientIds: readonly string[],
  context: Pick<CommandContext, 'token' | 'correlationId'>,
  valueOf: (answer: Answer) => Value,
): Promise<Map<string, Value>> {
  const unique = [...new Set(clientIds)];
  const found = new Map<string, Value>();
  const envelope = onBehalfOfUser(context);
  for (let start = 0; start < unique.length; start += CLIENTS_PER_REQUEST) {
    const reply = await clients.get(service).request<Answer[]>(pattern, { ...envelope, clientIds: unique.slice(start, start + CLIENTS_PER_REQUEST) });
    for (const answer of reply) found.set(answer.clientId, valueOf(answer));
  }
  return found;
}
