import { type CaseFileClosed, type CaseFileOpened, type CaseFileReopened, type PublicEvent } from '@wijkteam/contracts';
import { findRows, saveRow, updateRows } from '@wijkteam/projections';
import { Brackets, EntitySchema, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { UNATTRIBUTED } from './figure-counts';

/**
 * Reporting's lists keep each fact as an interval in event time (from, until: null while it lasts),
 * so one set of rows answers both now and as of any moment T: a fact counts at T when it began at or
 * before T and had not ended at T. Times are stored in one canonical form (`toISOString`): UTC with
 * milliseconds, so they compare as text in time order (the catalogue's DateTime allows other precisions).
 */
export const instant = (time: string): string => new Date(time).toISOString();

/** `alias.from <= at AND (alias.until IS NULL OR alias.until > at)`, for the columns named. */
export function heldAt<T extends object>(query: SelectQueryBuilder<T>, alias: string, at: string, from = 'from', until = 'until'): SelectQueryBuilder<T> {
  const key = `${alias}_at`;
  return query.andWhere(`${alias}.${from} <= :${key}`, { [key]: at }).andWhere(new Brackets((q) => q.where(`${alias}.${until} IS NULL`).orWhere(`${alias}.${until} > :${key}`, { [key]: at })));
}

/** One period in which a case file was open: from its opening (or a reopening) until its closure. */
export interface FilePeriodRow {
  caseFileId: string;
  from: string;
  until: string | null;
  referralId: string;
  team: string;
}

/** A projection's own table of open periods (tables belong to one projection; the rules are shared). */
export function filePeriodsTable(name: string): EntitySchema<FilePeriodRow> {
  return new EntitySchema<FilePeriodRow>({
    name,
    columns: {
      caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
      from: { type: 'varchar', length: 24, primary: true, name: 'open_from' },
      until: { type: 'varchar', length: 24, nullable: true, name: 'open_until' },
      referralId: { type: 'varchar', length: 36, name: 'referral_id' },
      team: { type: 'varchar', length: 64 },
    },
    indices: [{ name: `${name}_open`, columns: ['team', 'from', 'until'] }],
  });
}

type FileEvent = PublicEvent<typeof CaseFileOpened | typeof CaseFileClosed | typeof CaseFileReopened>;

/**
 * Case planning's opening, closure and reopening of a file as its open periods. They arrive in one
 * ordered group (the file's own stream), so a closure finds the period it ends and a reopening the
 * one before it.
 */
export async function recordFilePeriod(tx: EntityManager, table: EntitySchema<FilePeriodRow>, event: FileEvent): Promise<void> {
  const { caseFileId } = event.data;
  switch (event.type) {
    case 'CaseFileOpened': {
      const { referralId, teamId, openedAt } = event.data;
      await saveRow(tx, table, { caseFileId, from: instant(openedAt), until: null, referralId, team: teamId ?? UNATTRIBUTED });
      return;
    }
    case 'CaseFileClosed':
      await updateRows(tx, table, { caseFileId, until: null }, { until: instant(event.data.closedAt) });
      return;
    case 'CaseFileReopened': {
      // The file's latest period (a file has a few; times in one canonical form compare as text).
      const before = (await findRows(tx, table, { caseFileId })).reduce<FilePeriodRow | undefined>((latest, row) => (!latest || row.from > latest.from ? row : latest), undefined);
      // A file this read model never saw opened (its history began later) has no team to list it under.
      if (before) await saveRow(tx, table, { caseFileId, from: instant(event.data.reopenedAt), until: null, referralId: before.referralId, team: before.team });
    }
  }
}

const DAY_MS = 86_400_000;

/** Whole UTC days from one calendar date (YYYY-MM-DD) to another. */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS);
