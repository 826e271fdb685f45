import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** A calendar month, YYYY-MM (months 01-12). */
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** An organisation code (a team), as the `org` claim carries it. */
export const ORGANISATION = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** `?team=&from=&to=`: which team's counts, over which months (both ends included). */
export class FiguresQueryDto {
  @ApiPropertyOptional({ description: "Organisatiecode van het team. Standaard: je eigen team; een auditor zonder team ziet alle teams (ook 'unattributed').", example: 'wijkteam-noord' })
  @IsOptional()
  @Matches(ORGANISATION, { message: 'team must be a lower-case organisation code' })
  team?: string;

  @ApiPropertyOptional({ description: 'Eerste maand (YYYY-MM), inclusief.', example: '2026-01' })
  @IsOptional()
  @Matches(MONTH, { message: 'from must be a month, YYYY-MM' })
  from?: string;

  @ApiPropertyOptional({ description: 'Laatste maand (YYYY-MM), inclusief; niet voor from.', example: '2026-12' })
  @IsOptional()
  @Matches(MONTH, { message: 'to must be a month, YYYY-MM' })
  to?: string;
}

export class FigureTableView {
  @ApiProperty({ enum: ['referrals', 'closures', 'consents', 'disclosures'] })
  figure!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The team asked for; null: every team' })
  team!: string | null;

  @ApiProperty({ type: String, nullable: true })
  from!: string | null;

  @ApiProperty({ type: String, nullable: true })
  to!: string | null;

  @ApiProperty({ type: [String], description: 'The columns of every row: team, month, the codes of the figure, count', example: ['team', 'month', 'route', 'outcome', 'count'] })
  columns!: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
    example: [{ team: 'wijkteam-noord', month: '2026-03', route: 'jgz', outcome: 'accepted', count: 4 }],
  })
  rows!: Record<string, string | number>[];
}
