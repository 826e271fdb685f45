import { Injectable } from '@nestjs/common';
import { ServiceClients } from '@wijkteam/messaging';
import type { CommandContext } from '@wijkteam/runtime';

/** Intake answers for at most this many clients per request. */
const PER_REQUEST = 1000;

/**
 * The calendar month (YYYY-MM) of youths' 18th birthdays, asked of intake
 * (`intake.eighteenth-birthday-months`) at each read of the 18-/18+ list: intake holds the birth
 * dates sealed, so an erasure there reaches this list too; reporting never stores a month, and
 * never sees a day. A client intake holds no birth date of is absent. Intake down: a 503.
 */
@Injectable()
export class IntakeEighteenthMonths {
  constructor(private readonly clients: ServiceClients) {}

  async of(clientIds: readonly string[], context: CommandContext): Promise<Map<string, string>> {
    const unique = [...new Set(clientIds)];
    const found = new Map<string, string>();
    const actor = { userId: context.actor.userId, role: context.actor.role, organisation: context.actor.organisation };
    for (let start = 0; start < unique.length; start += PER_REQUEST) {
      const reply = await this.clients
        .get('intake')
        .request<{ clientId: string; eighteenMonth: string }[]>('intake.eighteenth-birthday-months', { clientIds: unique.slice(start, start + PER_REQUEST), actor, correlationId: context.correlationId });
      for (const { clientId, eighteenMonth } of reply) found.set(clientId, eighteenMonth);
    }
    return found;
  }
}
