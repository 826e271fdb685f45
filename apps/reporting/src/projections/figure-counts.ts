import { runStatement } from '@wijkteam/projections';
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

/**
 * Adds `by` (negative: moves a fact away, as attribution does) to one count; a count of 0 is removed.
 * One upsert when adding (the usual case: every counted event), by hand because a rebuild runs it
 * for every event (see `runStatement`).
 */
export async function addToCount(tx: EntityManager, table: EntitySchema<FigureCountRow>, key: FigureKey, by = 1): Promise<void> {
  const texts = countTexts(table);
  const keyValues = [key.team, key.month, key.code, key.detail];
  if (by > 0) {
    await runStatement(tx, texts.add, [...keyValues, by]);
    return;
  }
  await runStatement(tx, texts.subtract, [by, ...keyValues]);
  await runStatement(tx, texts.drop, keyValues);
}

const texts = new WeakMap<EntitySchema<FigureCountRow>, { add: string; subtract: string; drop: string }>();

function countTexts(table: EntitySchema<FigureCountRow>): { add: string; subtract: string; drop: string } {
  let known = texts.get(table);
  if (!known) {
    const name = table.options.tableName ?? table.options.name;
    const where = 'team = ? AND month = ? AND code = ? AND detail = ?';
    known = {
      add: `INSERT INTO ${name} (team, month, code, detail, count) VALUES (?, ?, ?, ?, ?) ON CONFLICT (team, month, code, detail) DO UPDATE SET count = ${name}.count + excluded.count`,
      subtract: `UPDATE ${name} SET count = count + ? WHERE ${where}`,
      drop: `DELETE FROM ${name} WHERE ${where} AND count <= 0`,
    };
    texts.set(table, known);
  }
  return known;
}
