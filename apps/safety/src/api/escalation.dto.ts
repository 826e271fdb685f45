import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ESCALATION_OUTCOMES, ESCALATION_REASONS, ESCALATION_TARGETS, type EscalationOutcome, type EscalationReason, type EscalationTarget } from '@wijkteam/contracts';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class RaiseEscalationDto {
  @ApiProperty({ enum: ESCALATION_TARGETS, description: 'Waarheen wordt opgeschaald.' })
  @IsIn(ESCALATION_TARGETS)
  target!: EscalationTarget;

  @ApiProperty({ enum: ESCALATION_REASONS, description: 'Waarom; elke instantie heeft haar eigen redenen.' })
  @IsIn(ESCALATION_REASONS)
  reason!: EscalationReason;

  @ApiPropertyOptional({ description: 'Organisatiecode van de ontvangende GI of GOSA (verplicht voor die twee), bv. gi-jeugdbescherming-west.', nullable: true })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, { message: 'receivingParty must be a lower-case organisation code' })
  receivingParty?: string | null;
}

export class ResolveEscalationDto {
  @ApiProperty({ enum: ESCALATION_OUTCOMES, description: 'Hoe de opschaling afliep.' })
  @IsIn(ESCALATION_OUTCOMES)
  outcome!: EscalationOutcome;
}
