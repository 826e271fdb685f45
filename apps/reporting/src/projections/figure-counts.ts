import { EntitySchema, type EntityManager } from 'typeorm';

/**
 * One counted fact of a figure: how many times `code` (with `detail`, '' when the figure has one
 * dimension) happened for a team in a calendar month. Codes only: a count never holds a name or an
 * id, so an erasure never has to reach it.
 */
export interface FigureCountRow {
  team: string;
  /** The calendar month (UTC) of the event's own time, YYYY-MM. */
  month: string;
  code: string;
  detail: string;
  count: number;
}

export type FigureKey = Omit<FigureCountRow, 'count'>;

/**
 * The team of a fact whose team is not known: an event of before the team was named (v1), or a
 * client whose referral or case file has not reached reporting (yet). Only auditors see it.
 */
export const UNATTRIBUTED = 'unattributed';

/** A counts table of one projection (its name is the projection's prefix plus the figure). */
export function figureCountsTable(name: string): EntitySchema<FigureCountRow> {
  return new EntitySchema<FigureCountRow>({
    name,
    columns: {
      team: { type: 'varchar', length: 64, primary: true },
      month: { type: 'varchar', length: 7, primary: true },
      code: { type: 'varchar', length: 64, primary: true },
      detail: { type: 'varchar', length: 64, primary: true },
      count: { type: 'integer' },
    },
  });
}

/** The month of an event's UTC time stamp (ISO 8601, as the catalogue's DateTime guarantees). */
export function monthOf(time: string): string {
  return time.slice(0, 7);
}

/** Adds `by` (negative: moves a fact away, as attribution does) to one count; a count of 0 is removed. */
export async function addToCount(tx: EntityManager, table: EntitySchema<FigureCountRow>, key: FigureKey, by = 1): Promise<void> {
  const row = await tx.findOneBy(table, key);
  const count = (row?.count ?? 0) + by;
  if (count > 0) await tx.save(table, { ...key, count });
  else if (row) await tx.delete(table, key);
}
