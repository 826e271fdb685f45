import { Injectable } from '@nestjs/common';
import { ServiceClients } from '@wijkteam/messaging';
import { askPerClient, type CommandContext } from '@wijkteam/runtime';

/**
 * The 18th birthdays of youths, asked of intake (`intake.eighteenth-birthdays`), which holds the birth
 * dates sealed; case planning never stores them. A client intake holds no birth date of (erased)
 * is absent from the answer. Intake down: ServiceUnavailable, a 503 to the caller.
 */
@Injectable()
export class IntakeBirthdays {
  constructor(private readonly clients: ServiceClients) {}

  eighteenOn(clientIds: readonly string[], context: CommandContext): Promise<Map<string, string>> {
    return askPerClient(this.clients, 'intake', 'intake.eighteenth-birthdays', clientIds, context, (answer: { clientId: string; eighteenOn: string }) => answer.eighteenOn);
  }
}
