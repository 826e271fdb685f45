import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_DATA_CATEGORIES } from '@wijkteam/contracts';
import { PageQueryDto } from '@wijkteam/runtime';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsBoolean, IsDateString, IsDefined, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { type Continuation, OTHER_PROVIDER_STATUSES, type OtherProviderStatus, TRANSITION_CONTINUATIONS } from '../domain/transition';

const DAY = { message: '$property must be a date YYYY-MM-DD' };
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._:|-]{0,254}$/;

export class TransitionQuestionDto {
  @ApiProperty({ description: 'seed 004: moet de hulp na het 18e jaar doorgaan?' })
  @IsBoolean()
  helpMustContinue!: boolean;

  @ApiProperty({ enum: TRANSITION_CONTINUATIONS, description: 'Hoe de hulp verdergaat (18-23 kan bij het Jeugdteam blijven).' })
  @IsIn(TRANSITION_CONTINUATIONS)
  continuation!: Continuation;

  @ApiPropertyOptional({ description: 'Wanneer de vraag gesteld is (YYYY-MM-DD); standaard vandaag.', example: '2027-03-01' })
  @IsOptional()
  @IsDateString({ strict: true }, DAY)
  @Length(10, 10, DAY)
  askedOn?: string;
}

export class OtherProviderDto {
  @ApiProperty({ description: 'Code van de aanbieder, bijvoorbeeld ggz-aanbieder.' })
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, { message: 'party must be a lower-case code' })
  party!: string;

  @ApiProperty({ enum: OTHER_PROVIDER_STATUSES })
  @IsIn(OTHER_PROVIDER_STATUSES)
  status!: OtherProviderStatus;
}

export class OtherProvidersStatusDto {
  @ApiPropertyOptional({ type: [OtherProviderDto], description: 'seed 004: actief opgevraagd bij de andere aanbieders; of none: true.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OtherProviderDto)
  providers?: OtherProviderDto[];

  @ApiPropertyOptional({ description: 'Geen andere aanbieders betrokken.' })
  @IsOptional()
  @IsBoolean()
  none?: boolean;
}

export class WarmHandoverProposalDto {
  @ApiProperty({ description: 'User id van de collega van het volwassenenteam.' })
  @IsString()
  @Matches(USER_ID, { message: 'adultTeamColleagueId must be a user id' })
  adultTeamColleagueId!: string;

  @ApiProperty({ enum: DEFAULT_DATA_CATEGORIES, isArray: true, description: 'De gegevenscategorieën van de overdracht (toestemming per categorie).' })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsIn(DEFAULT_DATA_CATEGORIES, { each: true })
  dataCategories!: string[];
}

export class JointConversationDto {
  @ApiProperty({ description: 'Datum van het gezamenlijke gesprek (YYYY-MM-DD).', example: '2027-03-10' })
  @IsDefined()
  @IsDateString({ strict: true }, DAY)
  @Length(10, 10, DAY)
  heldOn!: string;

  @ApiProperty({ description: 'De collega van het volwassenenteam aan wie de overdracht is voorgesteld.' })
  @IsString()
  @Matches(USER_ID, { message: 'adultTeamColleagueId must be a user id' })
  adultTeamColleagueId!: string;
}

/** `?horizonMonths=6&page=1&pageSize=50`, like intake's worklists. */
export class TurningEighteenQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Hoeveel maanden vooruit (1–24); standaard CASE_PLANNING_TRANSITION_HORIZON_MONTHS.', minimum: 1, maximum: 24 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24)
  horizonMonths?: number;
}
