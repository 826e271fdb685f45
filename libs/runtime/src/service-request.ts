import { Type } from 'class-transformer';
import { IsDefined, IsString, Matches, ValidateNested } from 'class-validator';
import type { ServiceClients } from '@wijkteam/messaging';
import type { CommandContext } from './command-runner';

/** Who asks another service (request/reply over NATS): ids and codes, as a command's actor. */
export class RequestingActorDto {
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/)
  userId!: string;

  @IsString()
  @Matches(/^[a-z-]{1,40}$/)
  role!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/)
  organisation!: string;
}

/** The envelope of a request to another service: the actor and the correlation id; each request adds its own fields. */
export abstract class ServiceRequestEnvelope {
  @IsDefined()
  @ValidateNested()
  @Type(() => RequestingActorDto)
  actor!: RequestingActorDto;

  @IsString()
  @Matches(/^[A-Za-z0-9-]{8,64}$/)
  correlationId!: string;
}

/** Another service answers for at most this many clients per request. */
export const CLIENTS_PER_REQUEST = 1000;

/**
 * Asks `service` about many clients in requests of at most CLIENTS_PER_REQUEST, as the actor of
 * `context`, and maps each client in the replies to its answer. A client the service holds nothing
 * of (erased) is absent; the service down: ServiceUnavailable, a 503 to the caller.
 */
export async function askPerClient<Answer extends { clientId: string }, Value>(
  clients: ServiceClients,
  service: string,
  pattern: string,
  clientIds: readonly string[],
  context: Pick<CommandContext, 'actor' | 'correlationId'>,
  valueOf: (answer: Answer) => Value,
): Promise<Map<string, Value>> {
  const unique = [...new Set(clientIds)];
  const found = new Map<string, Value>();
  const actor = { userId: context.actor.userId, role: context.actor.role, organisation: context.actor.organisation };
  for (let start = 0; start < unique.length; start += CLIENTS_PER_REQUEST) {
    const reply = await clients.get(service).request<Answer[]>(pattern, { clientIds: unique.slice(start, start + CLIENTS_PER_REQUEST), actor, correlationId: context.correlationId });
    for (const answer of reply) found.set(answer.clientId, valueOf(answer));
  }
  return found;
}
