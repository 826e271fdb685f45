import { Injectable } from '@nestjs/common';
import { ServiceClients } from '@wijkteam/messaging';
import type { CommandContext } from '@wijkteam/runtime';

/** Intake answers for at most this many clients per request. */
const PER_REQUEST = 1000;

/**
 * The 18th birthdays of youths, asked of intake (`intake.eighteenth-birthdays`), which holds the birth
 * dates sealed; case planning never stores them. A client intake holds no birth date of (erased)
 * is absent from the answer. Intake down: ServiceUnavailable, a 503 to the caller.
 */
@Injectable()
export class IntakeBirthdays {
  constructor(private readonly clients: ServiceClients) {}

  async eighteenOn(clientIds: readonly string[], context: CommandContext): Promise<Map<string, string>> {
    const unique = [...new Set(clientIds)];
    const found = new Map<string, string>();
    const actor = { userId: context.actor.userId, role: context.actor.role, organisation: context.actor.organisation };
    for (let start = 0; start < unique.length; start += PER_REQUEST) {
      const reply = await this.clients
        .get('intake')
        .request<{ clientId: string; eighteenOn: string }[]>('intake.eighteenth-birthdays', { clientIds: unique.slice(start, start + PER_REQUEST), actor, correlationId: context.correlationId });
      for (const { clientId, eighteenOn } of reply) found.set(clientId, eighteenOn);
    }
    return found;
  }
}
