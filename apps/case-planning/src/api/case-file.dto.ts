import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsCanonicalId } from '@wijkteam/runtime';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsISO8601, IsOptional, IsString, Matches, ValidateIf, ValidateNested } from 'class-validator';
import {
  CLOSURE_REASONS,
  type ClosureReason,
  DIRECTION_DECISIONS,
  DIRECTION_HOLDER_KINDS,
  DIRECTION_REASONS,
  type DirectionDecision,
  type DirectionHolderKind,
  type DirectionReason,
  DIRECTOR_KINDS,
  type DirectorKind,
  REOPENING_REASONS,
  type ReopeningReason,
  TRANSFER_REASONS,
  type TransferReason,
  WAAKVLAM_OUTCOMES,
  type WaakvlamOutcome,
} from '../domain/case-file';

const DIRECTOR_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
const PARTY = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class AssignCaseDirectorDto {
  @ApiProperty({ description: 'User id of the coach, or the code of the GI / GOSA table.' })
  @IsString()
  @Matches(DIRECTOR_ID, { message: 'directorId must be a lower-case id' })
  directorId!: string;

  @ApiProperty({ enum: DIRECTOR_KINDS })
  @IsIn(DIRECTOR_KINDS)
  directorKind!: DirectorKind;

  @ApiProperty({ enum: DIRECTION_REASONS, description: 'warm_handover is a transfer (POST …/case-direction/transfers), never a first assignment.' })
  @IsIn(DIRECTION_REASONS)
  reason!: DirectionReason;
}

export class TransferCaseDirectionDto {
  @ApiProperty({ description: 'User id of the new director (a coach of the team, an adult-team colleague), or the code of the GI / GOSA table.' })
  @IsString()
  @Matches(DIRECTOR_ID, { message: 'toDirectorId must be a lower-case id' })
  toDirectorId!: string;

  @ApiProperty({ enum: DIRECTION_HOLDER_KINDS })
  @IsIn(DIRECTION_HOLDER_KINDS)
  toDirectorKind!: DirectionHolderKind;

  @ApiProperty({ enum: TRANSFER_REASONS, description: 'dwang_drang → GI, stagnation → GOSA, warm_handover → adult team (with consent), de_escalation → back to a coach.' })
  @IsIn(TRANSFER_REASONS)
  reason!: TransferReason;

  @ApiPropertyOptional({ enum: DIRECTION_DECISIONS, default: 'consensus', description: "coordinator_decision: the parties did not agree and the CJG-coördinator decided (only a team coordinator records it)." })
  @IsOptional()
  @IsIn(DIRECTION_DECISIONS)
  decision?: DirectionDecision;

  @ApiPropertyOptional({ description: 'The user or party the decider acts for (e.g. the case conference chair, the GI).' })
  @IsOptional()
  @Matches(DIRECTOR_ID, { message: 'onBehalfOf must be a lower-case id' })
  onBehalfOf?: string;

  @ApiPropertyOptional({ description: 'To the adult team: the young adult (one of the file\'s children) whose consent for the warm handover is asked.' })
  @ValidateIf((dto: TransferCaseDirectionDto) => dto.toDirectorKind === 'adult_team' || dto.clientId !== undefined)
  @IsCanonicalId()
  clientId?: string;
}

export class WaakvlamDto {
  @ApiProperty({ description: 'Review date of the waakvlam (YYYY-MM-DD), within a year of the closure.' })
  @Matches(DATE, { message: 'reviewOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'reviewOn must be a date (YYYY-MM-DD)' })
  reviewOn!: string;

  @ApiPropertyOptional({ description: 'Who keeps the watch; default the one closing.' })
  @IsOptional()
  @Matches(DIRECTOR_ID, { message: 'monitoredBy must be a lower-case id' })
  monitoredBy?: string;
}

export class CloseCaseFileDto {
  @ApiProperty({ enum: CLOSURE_REASONS, description: 'Seed 000: the closure outcomes of the process.' })
  @IsIn(CLOSURE_REASONS)
  reason!: ClosureReason;

  @ApiPropertyOptional({ type: [String], description: 'Codes of the parties informed (seed 000: jgz and huisarts, and the parties involved); required except for goals_reached_waakvlam.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(PARTY, { each: true, message: 'informed must list lower-case party codes' })
  informed?: string[];

  @ApiPropertyOptional({ type: WaakvlamDto, description: 'Required with goals_reached_waakvlam, refused otherwise.' })
  @IsOptional()
  @IsDefined()
  @ValidateNested()
  @Type(() => WaakvlamDto)
  waakvlam?: WaakvlamDto;
}

export class ReviewWaakvlamDto {
  @ApiProperty({ enum: WAAKVLAM_OUTCOMES })
  @IsIn(WAAKVLAM_OUTCOMES)
  outcome!: WaakvlamOutcome;

  @ApiPropertyOptional({ description: 'With continue_monitoring: the next review date (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(DATE, { message: 'nextReviewOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'nextReviewOn must be a date (YYYY-MM-DD)' })
  nextReviewOn?: string;
}

export class ReopenCaseFileDto {
  @ApiProperty({ enum: REOPENING_REASONS, description: 'waakvlam_signal: only while a waakvlam is active.' })
  @IsIn(REOPENING_REASONS)
  reason!: ReopeningReason;
}
