import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ServiceMessagePattern } from '@wijkteam/messaging';
import { validateMessage } from '@wijkteam/runtime';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsString, Matches, ValidateNested } from 'class-validator';
import { type EighteenthBirthday, EighteenthBirthdays } from '../application/eighteenth-birthdays';

class RequestingActorDto {
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

/** `intake.eighteenth-birthdays`: up to 1000 canonical client ids, who asks, and the correlation id. */
export class EighteenthBirthdaysRequest {
  @IsArray()
  @ArrayMaxSize(1000)
  // Canonical (lower-case) ids only: the caller holds them so, and one client is never asked twice.
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { each: true })
  clientIds!: string[];

  @IsDefined()
  @ValidateNested()
  @Type(() => RequestingActorDto)
  actor!: RequestingActorDto;

  @IsString()
  @Matches(/^[A-Za-z0-9-]{8,64}$/)
  correlationId!: string;
}

/**
 * Intake's answer to case planning's 18-/18+ list (seed 004): per client whose birth date intake
 * holds, the day of the 18th birthday. Nothing is logged of the answer (a birthday is personal
 * data); case planning records the reads of the clients it shows.
 */
@Controller()
export class EighteenthBirthdaysController {
  constructor(private readonly birthdays: EighteenthBirthdays) {}

  @ServiceMessagePattern('intake', 'intake.eighteenth-birthdays')
  async answer(@Payload() payload: unknown): Promise<EighteenthBirthday[]> {
    const { clientIds } = await validateMessage(EighteenthBirthdaysRequest, payload);
    return this.birthdays.of([...new Set(clientIds)]);
  }
}
