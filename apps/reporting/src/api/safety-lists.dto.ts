import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '@wijkteam/auth';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ORGANISATION } from './figures.dto';

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
