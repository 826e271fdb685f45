import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCanonicalId } from '@wijkteam/runtime';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDateString, IsIn, IsOptional, IsString, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { CRISIS_INTERVENTION_REASONS, type CrisisInterventionReason } from '../domain/safety-assessment';
import { SAFETY_PLAN_PERFORMER_KINDS } from '../domain/safety-plan';

const DATE = { message: '$property must be a date YYYY-MM-DD' };
const USER_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

export class SafetyPerformerDto {
  @ApiProperty({ enum: SAFETY_PLAN_PERFORMER_KINDS, description: 'Wie: het gezin zelf, het netwerk, of een professional.' })
  @IsIn(SAFETY_PLAN_PERFORMER_KINDS)
  kind!: (typeof SAFETY_PLAN_PERFORMER_KINDS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'kind family: de client id van het gezinslid.' })
  @ValidateIf((performer: SafetyPerformerDto) => performer.kind === 'family')
  @IsCanonicalId()
  clientId?: string;

  @ApiPropertyOptional({ description: 'kind network/professional: de code van de partij, bv. `oma`, `buren`, `veilig-thuis`.' })
  @ValidateIf((performer: SafetyPerformerDto) => performer.kind !== 'family')
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, { message: 'partyCode must be a lower-case code' })
  partyCode?: string;
}

export class SafetyAgreementDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Bestaande afspraak (bij een herziening); weglaten voor een nieuwe.' })
  @IsOptional()
  @IsCanonicalId()
  agreementId?: string;

  @ApiProperty({ description: 'Wat er is afgesproken (versleuteld opgeslagen, nooit gepubliceerd).' })
  @IsString()
  @Length(1, 2000)
  what!: string;

  @ApiProperty({ type: SafetyPerformerDto })
  @ValidateNested()
  @Type(() => SafetyPerformerDto)
  who!: SafetyPerformerDto;

  @ApiProperty({ description: 'Waarop wordt gelet om te weten dat de afspraak werkt (versleuteld opgeslagen).' })
  @IsString()
  @Length(1, 2000)
  watches!: string;
}

export class RecordSafetyPlanDto {
  @ApiProperty({ type: [SafetyAgreementDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => SafetyAgreementDto)
  agreements!: SafetyAgreementDto[];

  @ApiProperty({ format: 'date', description: 'Wanneer het plan wordt herzien (YYYY-MM-DD).' })
  @IsDateString({ strict: true }, DATE)
  @Length(10, 10, DATE)
  reviewOn!: string;
}

export class DecideCrisisInterventionDto {
  @ApiProperty({ description: 'Het Crisis Interventie Team inschakelen of om advies vragen (true), of niet (false).' })
  @IsBoolean()
  involve!: boolean;

  @ApiProperty({ enum: CRISIS_INTERVENTION_REASONS })
  @IsIn(CRISIS_INTERVENTION_REASONS)
  reason!: CrisisInterventionReason;

  @ApiProperty({ description: 'User id van de tweede professional (vier ogen), een collega van het team.' })
  @IsString()
  @Matches(USER_ID, { message: 'secondProfessionalId must be a lower-case user id' })
  secondProfessionalId!: string;
}
