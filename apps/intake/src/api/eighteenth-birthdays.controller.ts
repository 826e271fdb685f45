import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { ServiceRequestEnvelope, UserRequests } from '@wijkteam/runtime';
import { ArrayMaxSize, IsArray, Matches } from 'class-validator';
import { type EighteenthBirthday, EighteenthBirthdays } from '../application/eighteenth-birthdays';

/** `intake.eighteenth-birthdays`: up to 1000 canonical client ids, the asking user's token, and the correlation id. */
export class EighteenthBirthdaysRequest extends ServiceRequestEnvelope {
  @IsArray()
  @ArrayMaxSize(1000)
  // Canonical (lower-case) ids only: the caller holds them so, and one client is never asked twice.
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { each: true })
  clientIds!: string[];
}

/**
 * Intake's answer to case planning's 18-/18+ list (seed 004): per client whose birth date intake
 * holds, the day of the 18th birthday. Nothing is logged of the answer (a birthday is personal
 * data); case planning records the reads of the clients it shows.
 */
@Controller()
export class EighteenthBirthdaysController {
  constructor(
    private readonly birthdays: EighteenthBirthdays,
    private readonly requests: UserRequests,
  ) {}

  @ServiceMessagePattern('intake', 'intake.eighteenth-birthdays')
  async answer(@Payload() payload: unknown): Promise<EighteenthBirthday[]> {
    const { clientIds } = await this.requests.accept(EighteenthBirthdaysRequest, payload);
    return this.birthdays.of([...new Set(clientIds)]);
  }

  /**
   * Reporting's 18-/18+ counts (issue 16): the same answer to the month only (YYYY-MM), so that
   * reporting, which holds no client's file, never receives a day that gives the birth date away.
   */
  @ServiceMessagePattern('intake', 'intake.eighteenth-birthday-months')
  async months(@Payload() payload: unknown): Promise<{ clientId: string; eighteenMonth: string }[]> {
    const { clientIds } = await this.requests.accept(EighteenthBirthdaysRequest, payload);
    return (await this.birthdays.of([...new Set(clientIds)])).map(({ clientId, eighteenOn }) => ({ clientId, eighteenMonth: eighteenOn.slice(0, 7) }));
  }
}
