import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCanonicalId } from '@wijkteam/runtime';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, Length, Matches, Min, ValidateIf, ValidateNested } from 'class-validator';
import { PLAN_PERFORMER_KINDS, PLAN_REVISION_REASONS, type PlanRevisionReason } from '../domain/plan';

const DATE = { message: '$property must be a date YYYY-MM-DD' };
const lowerCaseIds = Transform(({ value }) => (Array.isArray(value) ? value.map((id) => (typeof id === 'string' ? id.toLowerCase() : id)) : value));

export class PerformerDto {
  @ApiProperty({ enum: PLAN_PERFORMER_KINDS, description: 'Wie: het gezin zelf, het netwerk, of een professionele hulpverlener.' })
  @IsIn(PLAN_PERFORMER_KINDS)
  kind!: (typeof PLAN_PERFORMER_KINDS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'kind family: de client id van het gezinslid.' })
  @ValidateIf((performer: PerformerDto) => performer.kind === 'family')
  @IsCanonicalId()
  clientId?: string;

  @ApiPropertyOptional({ description: 'kind network/professional: de code van de partij, bv. `jgz`, `oma`, `ggz-noord`.' })
  @ValidateIf((performer: PerformerDto) => performer.kind !== 'family')
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, { message: 'partyCode must be a lower-case code' })
  partyCode?: string;
}

export class PlanActionDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Bestaande actie (bij een herziening); weglaten voor een nieuwe.' })
  @IsOptional()
  @IsCanonicalId()
  actionId?: string;

  @ApiProperty({ type: PerformerDto })
  @ValidateNested()
  @Type(() => PerformerDto)
  performer!: PerformerDto;

  @ApiProperty({ description: 'Wat er gebeurt, in de woorden van de cliënt (versleuteld opgeslagen).' })
  @IsString()
  @Length(1, 2000)
  what!: string;

  @ApiProperty({ format: 'date', description: 'Uiterlijk (YYYY-MM-DD).' })
  @IsDateString({ strict: true }, DATE)
  @Length(10, 10, DATE)
  dueOn!: string;
}

export class PlanGoalDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Bestaand doel (bij een herziening); weglaten voor een nieuw.' })
  @IsOptional()
  @IsCanonicalId()
  goalId?: string;

  @ApiProperty({ description: 'Het doel in de woorden van de cliënt (versleuteld opgeslagen).' })
  @IsString()
  @Length(1, 2000)
  text!: string;

  @ApiProperty({ type: [PlanActionDto], description: 'Wie doet wat, uiterlijk wanneer, voor dit doel.' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlanActionDto)
  actions!: PlanActionDto[];
}

export class DraftPlanDto {
  @ApiProperty({ type: [PlanGoalDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PlanGoalDto)
  goals!: PlanGoalDto[];
}

export class RevisePlanDto extends DraftPlanDto {
  @ApiProperty({ enum: PLAN_REVISION_REASONS })
  @IsIn(PLAN_REVISION_REASONS)
  reason!: PlanRevisionReason;
}

export class AgreePlanDto {
  @ApiProperty({ minimum: 1, description: 'De versie waarmee de cliënt instemt (de huidige).' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ type: [String], description: 'Client ids van de gezinsleden die instemmen.' })
  @lowerCaseIds
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsCanonicalId({ each: true })
  agreedBy!: string[];

  @ApiProperty({ format: 'date' })
  @IsDateString({ strict: true }, DATE)
  @Length(10, 10, DATE)
  agreedOn!: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Het getekende plan als opgeslagen document (seed 000: "zo nodig cliënt laten tekenen").' })
  @IsOptional()
  @IsCanonicalId()
  signedDocumentId?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true, description: 'seed 003: de 1G1P-bespreking; verplicht bij twee of meer professionele hulpverleners.' })
  @IsOptional()
  @IsDateString({ strict: true }, DATE)
  @Length(10, 10, DATE)
  oneFamilyOnePlanMeetingOn?: string;
}
