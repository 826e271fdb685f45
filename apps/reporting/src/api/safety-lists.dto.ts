import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '@wijkteam/auth';
import { isCalendarDate } from '@wijkteam/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ORGANISATION } from './figures.dto';

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** `asOf` that is no moment, or one still to come (issue 16: honoured or refused with 400, never ignored). */
export class AsOfRefused extends Error {
  readonly httpStatus = 400;
  readonly field = 'asOf';
  constructor(readonly code: 'as_of_invalid' | 'as_of_in_future') {
    super(`${code}: asOf`);
  }
}

/**
 * The moment a list answers for (ISO 8601, UTC, milliseconds): `asOf` as a date-time with Z or an
 * offset, or a date meaning the end of that UTC day (today's: now); absent, now. A moment after
 * now is refused: the history does not know it yet.
 */
export function momentOf(asOf: unknown, now: Date): string {
  if (asOf === undefined) return now.toISOString();
  if (typeof asOf !== 'string') throw new AsOfRefused('as_of_invalid');
  const dateTime = DATE_TIME.exec(asOf);
  const day = dateTime ? dateTime[1] : asOf;
  if (!isCalendarDate(day) || (dateTime && Number.isNaN(Date.parse(asOf)))) throw new AsOfRefused('as_of_invalid');
  if (dateTime) {
    const moment = new Date(asOf);
    if (moment > now) throw new AsOfRefused('as_of_in_future');
    return moment.toISOString();
  }
  const endOfDay = new Date(`${day}T23:59:59.999Z`);
  if (day > now.toISOString().slice(0, 10)) throw new AsOfRefused('as_of_in_future');
  return (endOfDay > now ? now : endOfDay).toISOString();
}

/** `?team=&asOf=`: one team's list at a moment. */
export class TeamAtMomentDto {
  @ApiPropertyOptional({ description: "Organisatiecode van het team. Standaard: je eigen team; een auditor zonder team ziet alle teams (ook 'unattributed').", example: 'wijkteam-noord' })
  @IsOptional()
  @Matches(ORGANISATION, { message: 'team must be a lower-case organisation code' })
  team?: string;

  /** Checked by momentOf, so that a bad or future moment is a 400 naming asOf. */
  @ApiPropertyOptional({
    description: 'Het moment (ISO 8601: 2026-03-10T09:00:00Z, of een datum: het einde van die UTC-dag) waarop de lijst gold; standaard nu. In de toekomst: 400.',
    example: '2026-03-01',
  })
  @IsOptional()
  asOf?: unknown;
}

/** `?team=&asOf=&page=&pageSize=`: a list of clients is paged (libs/auth). */
export class SafetyListQueryDto extends IntersectionType(PageQueryDto, TeamAtMomentDto) {}

/** `?team=&asOf=&horizonMonths=6`: how many months ahead the 18th birthdays are counted (seed 004). */
export class TurningEighteenListQueryDto extends TeamAtMomentDto {
  @ApiPropertyOptional({ description: 'Hoeveel maanden vooruit (1–24), vanaf de maand van asOf.', minimum: 1, maximum: 24, default: 6 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24)
  horizonMonths: number = 6;
}

export class ListTableView {
  @ApiProperty({ enum: ['safety-plans-missing', 'meldcode-open', 'escalations-open', 'turning-18'] })
  list!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The team asked for; null: every team' })
  team!: string | null;

  @ApiProperty({ format: 'date-time', description: 'The moment the list answers for (UTC)' })
  asOf!: string;

  @ApiProperty({ type: [String], description: 'The columns of every row, in order' })
  columns!: string[];

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'boolean' }], nullable: true } } })
  rows!: Record<string, string | number | boolean | null>[];

  @ApiPropertyOptional({ description: 'The page (the client lists; not the 18-/18+ counts)' })
  page?: number;

  @ApiPropertyOptional()
  pageSize?: number;

  @ApiPropertyOptional({ description: 'How many rows the list has at that moment' })
  total?: number;
}
