import type { CaseFileClosed, CaseFileOpened, CaseFileReopened, PublicEvent } from '@wijkteam/contracts';
import { saveRow, updateRows } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { UNATTRIBUTED } from './figure-counts';

/**
 * A case file as reporting's lists need it: the team holding it (CaseFileOpened v2), its client and
 * youths by id. Ids and codes only. Safety's events name the file, never the team; they come from
 * another publisher in no order with case planning's, so a list joins this table when it is read,
 * never when a fact is written: a fact whose file has not reached reporting yet counts as
 * unattributed until it does.
 */
export interface ListedFileRow {
  caseFileId: string;
  team: string;
  clientId: string;
  /** JSON array of the youths' client ids (CaseFileOpened's childIds). */
  childIds: string;
}

/** One period a case file was open, in event time: from its opening or reopening until its closure (null: still open). */
export interface FilePeriodRow {
  caseFileId: string;
  openedAt: string;
  closedAt: string | null;
}

/** A list projection's case files (`<prefix>_files`). */
export function listedFilesTable(name: string): EntitySchema<ListedFileRow> {
  return new EntitySchema<ListedFileRow>({
    name,
    columns: {
      caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
      team: { type: 'varchar', length: 64 },
      clientId: { type: 'varchar', length: 36, name: 'client_id' },
      childIds: { type: 'text', name: 'child_ids' },
    },
  });
}

/** A list projection's open periods of its case files (`<prefix>_file_periods`). */
export function filePeriodsTable(name: string): EntitySchema<FilePeriodRow> {
  return new EntitySchema<FilePeriodRow>({
    name,
    columns: {
      caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
      openedAt: { type: 'varchar', length: 30, primary: true, name: 'opened_at' },
      closedAt: { type: 'varchar', length: 30, nullable: true, name: 'closed_at' },
    },
  });
}

export async function recordFile(tx: EntityManager, files: EntitySchema<ListedFileRow>, event: PublicEvent<typeof CaseFileOpened>): Promise<void> {
  const { caseFileId, clientId, teamId, childIds } = event.data;
  await saveRow(tx, files, { caseFileId, team: teamId ?? UNATTRIBUTED, clientId, childIds: JSON.stringify(childIds) });
}

export type FileLifecycleEvent = PublicEvent<typeof CaseFileOpened | typeof CaseFileClosed | typeof CaseFileReopened>;

/** The file (at its opening) and its open periods: an opening or reopening starts one, a closure ends the open one. */
export async function recordFilePeriod(tx: EntityManager, files: EntitySchema<ListedFileRow>, periods: EntitySchema<FilePeriodRow>, event: FileLifecycleEvent): Promise<void> {
  const { caseFileId } = event.data;
  if (event.type === 'CaseFileClosed') {
    await updateRows(tx, periods, { caseFileId, closedAt: null }, { closedAt: event.data.closedAt });
    return;
  }
  if (event.type === 'CaseFileOpened') await recordFile(tx, files, event);
  const openedAt = event.type === 'CaseFileOpened' ? event.data.openedAt : event.data.reopenedAt;
  await saveRow(tx, periods, { caseFileId, openedAt, closedAt: null });
}
