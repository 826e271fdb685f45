import { Injectable } from '@nestjs/common';
import { ProjectionHost } from '@wijkteam/projections';
import { Between, type EntitySchema, type FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { ClosureCounts } from '../projections/closure-figures.projection';
import { ConsentCounts, DisclosureCounts } from '../projections/consent-figures.projection';
import type { FigureCountRow } from '../projections/figure-counts';
import { ReferralCounts } from '../projections/referral-figures.projection';

/**
 * Each figure: its counts table and what its code and detail mean, which names the columns of its
 * rows (JSON and CSV). A figure without a second dimension has no detail column.
 */
export const FIGURES = {
  referrals: { table: ReferralCounts, columns: ['route', 'outcome'] },
  closures: { table: ClosureCounts, columns: ['reason'] },
  consents: { table: ConsentCounts, columns: ['purpose', 'decision'] },
  disclosures: { table: DisclosureCounts, columns: ['ground', 'outcome'] },
} as const satisfies Record<string, { table: EntitySchema<FigureCountRow>; columns: readonly [string] | readonly [string, string] }>;

export type FigureName = keyof typeof FIGURES;

/** Which counts: one team (null: every team) and a range of months, both ends included and optional. */
export interface FigureQuery {
  team: string | null;
  from?: string;
  to?: string;
}

/** One row of a figure: team, month, its code columns and the count. */
export type FigureRow = Record<string, string | number>;

export interface FigureTable {
  figure: FigureName;
  team: string | null;
  from: string | null;
  to: string | null;
  /** The columns of every row, in order: team, month, the figure's codes, count. */
  columns: string[];
  rows: FigureRow[];
}

@Injectable()
export class Figures {
  constructor(private readonly projections: ProjectionHost) {}

  async table(figure: FigureName, query: FigureQuery): Promise<FigureTable> {
    const { table, columns } = FIGURES[figure];
    const where: FindOptionsWhere<FigureCountRow> = {};
    if (query.team !== null) where.team = query.team;
    const month = monthRange(query.from, query.to);
    if (month) where.month = month;
    const counts = await this.projections.db.manager.find(table, { where, order: { team: 'ASC', month: 'ASC', code: 'ASC', detail: 'ASC' } });
    const rows = counts.map(({ team, month: of, code, detail, count }) => {
      const row: FigureRow = { team, month: of, [columns[0]]: code };
      if (columns.length === 2) row[columns[1]] = detail;
      row.count = count;
      return row;
    });
    return { figure, team: query.team, from: query.from ?? null, to: query.to ?? null, columns: ['team', 'month', ...columns, 'count'], rows };
  }
}

/** YYYY-MM compares as text in calendar order. */
function monthRange(from?: string, to?: string) {
  if (from && to) return Between(from, to);
  if (from) return MoreThanOrEqual(from);
  if (to) return LessThanOrEqual(to);
  return undefined;
}
