import { ApiProperty } from '@nestjs/swagger';
import { COACH_SAFETY_REASONS, type CoachSafetyReason } from '@wijkteam/contracts';
import { IsIn, Matches } from 'class-validator';

export class FlagCoachSafetyDto {
  @ApiProperty({ enum: COACH_SAFETY_REASONS, description: 'Waarom het gezin niet veilig is voor de coaches die het bezoeken.' })
  @IsIn(COACH_SAFETY_REASONS)
  reason!: CoachSafetyReason;

  @ApiProperty({ description: 'Wanneer de vlag opnieuw wordt beoordeeld (YYYY-MM-DD), binnen een jaar.', example: '2027-03-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'reviewOn must be a date (YYYY-MM-DD)' })
  reviewOn!: string;
}
