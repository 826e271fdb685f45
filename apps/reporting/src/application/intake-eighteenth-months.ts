import { Injectable } from '@nestjs/common';
import { ServiceClients } from '@wijkteam/messaging';
import { askPerClient, type CommandContext } from '@wijkteam/runtime';

/**
 * The calendar month (YYYY-MM) of youths' 18th birthdays, asked of intake
 * (`intake.eighteenth-birthday-months`) at each read of the 18-/18+ list: intake holds the birth
 * dates sealed, so an erasure there reaches this list too; reporting never stores a month, and
 * never sees a day. A client intake holds no birth date of is absent. Intake down: a 503.
 */
@Injectable()
export class IntakeEighteenthMonths {
  constructor(private readonly clients: ServiceClients) {}

  of(clientIds: readonly string[], context: CommandContext): Promise<Map<string, string>> {
    return askPerClient(this.clients, 'intake', 'intake.eighteenth-birthday-months', clientIds, context, (answer: { clientId: string; eighteenMonth: string }) => answer.eighteenMonth);
  }
}
