import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

const ORGANISATION = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** `?team=&asOf=`: which team's list, as it stood when. */
export class ListQueryDto {
  @ApiPropertyOptional({ description: "Organisatiecode van het team. Standaard: je eigen team; een auditor zonder team ziet alle teams (ook 'unattributed').", example: 'wijkteam-noord' })
  @IsOptional()
  @Matches(ORGANISATION, { message: 'team must be a lower-case organisation code' })
  team?: string;

  /** Checked by the controller (momentOf): malformed or in the future is a 400 naming asOf. */
  @ApiPropertyOptional({
    type: String,
    description: 'De lijst zoals die was op dit moment: ISO 8601 datum-tijd met zone (2026-03-01T12:00:00Z), of een datum (einde van die UTC-dag). Niet in de toekomst. Standaard: nu.',
    example: '2026-03-01T12:00:00Z',
  })
  @IsOptional()
  asOf?: unknown;
}

export class CaseloadQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ['coach', 'team'], description: 'Per coach (standaard) of per team.' })
  @IsOptional()
  @IsIn(['coach', 'team'], { message: 'by must be coach or team' })
  by?: 'coach' | 'team';
}

export class EvaluationsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Ook evaluaties die binnen zoveel dagen na asOf vallen (standaard 28).', minimum: 0, maximum: 366, example: 28 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'withinDays must be a whole number of days' })
  @Min(0, { message: 'withinDays must be 0 to 366' })
  @Max(366, { message: 'withinDays must be 0 to 366' })
  withinDays?: number;
}

export class ListTableView {
  @ApiProperty({ enum: ['waiting-list', 'caseload', 'first-visits-overdue', 'plans-overdue', 'evaluations'] })
  list!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The team asked for; null: every team' })
  team!: string | null;

  @ApiProperty({ description: 'The moment the list stood at (UTC instant): asOf, or now', example: '2026-03-01T12:00:00.000Z' })
  asOf!: string;

  @ApiProperty({ type: [String], description: 'The columns of every row', example: ['team', 'referralId', 'priority', 'waitlistedOn', 'daysWaiting'] })
  columns!: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
    example: [{ team: 'wijkteam-noord', referralId: '0193a5b2-7c1e-7000-8000-000000000001', priority: 'urgent', waitlistedOn: '2026-02-20', daysWaiting: 9 }],
  })
  rows!: Record<string, string | number | null>[];
}
