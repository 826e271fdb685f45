import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { caseFileStream } from '../domain/case-file';
import { transitionStream, type WarmHandoverStatus } from '../domain/transition';

/** A case file as the 18-/18+ list needs it: its team, its youths, who is on it. Ids and codes only. */
export interface TransitionWorklistFileRow {
  caseFileId: string;
  teamId: string | null;
  status: 'open' | 'closed';
  /** JSON array of the youths' client ids. */
  childIds: string;
  directorId: string | null;
  /** JSON array of the assigned coaches' user ids. */
  coachIds: string;
}

/** Where the transition of one youth of a file stands. */
export interface TransitionWorklistYouthRow {
  caseFileId: string;
  clientId: string;
  questionRecorded: boolean;
  handoverStatus: WarmHandoverStatus;
}

export const TransitionWorklistFiles = new EntitySchema<TransitionWorklistFileRow>({
  name: 'transition_worklist_files',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    teamId: { type: 'varchar', length: 64, nullable: true, name: 'team_id' },
    status: { type: 'varchar', length: 8 },
    childIds: { type: 'text', name: 'child_ids' },
    directorId: { type: 'varchar', length: 255, nullable: true, name: 'director_id' },
    coachIds: { type: 'text', name: 'coach_ids' },
  },
  indices: [{ name: 'transition_worklist_team_status', columns: ['teamId', 'status'] }],
});

export const TransitionWorklistYouths = new EntitySchema<TransitionWorklistYouthRow>({
  name: 'transition_worklist_youths',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    clientId: { type: 'varchar', length: 36, primary: true, name: 'client_id' },
    questionRecorded: { type: 'boolean', default: false, name: 'question_recorded' },
    handoverStatus: { type: 'varchar', length: 20, name: 'handover_status' },
  },
});

const CASE_FILE_EVENTS = ['CaseFileOpened', 'CaseFileClosed', 'CaseFileReopened', 'CaseCoachesAssigned', 'CaseDirectorAssigned', 'CaseDirectionTransferred'];
const HANDOVER_STATUS: Record<string, WarmHandoverStatus> = {
  WarmHandoverProposed: 'proposed',
  WarmHandoverRefused: 'refused',
  WarmHandoverConversationHeld: 'conversation_held',
  WarmHandoverCompleted: 'completed',
};

async function onCaseFile(tx: EntityManager, caseFileId: string, type: string, data: Record<string, unknown>): Promise<void> {
  if (type === 'CaseFileOpened') {
    // A file opened before issue 14 names no team and only the referred child.
    const childIds = (data.childIds as string[] | undefined) ?? [data.clientId as string];
    const row = { caseFileId, teamId: (data.teamId as string | null | undefined) ?? null, status: 'open' as const, childIds: JSON.stringify(childIds), directorId: null, coachIds: '[]' };
    await tx.upsert(TransitionWorklistFiles, row, ['caseFileId']);
    return;
  }
  const changes: Partial<TransitionWorklistFileRow> | undefined =
    type === 'CaseFileClosed' ? { status: 'closed' }
    : type === 'CaseFileReopened' ? { status: 'open' }
    : type === 'CaseCoachesAssigned' ? { coachIds: JSON.stringify(data.coachIds) }
    : type === 'CaseDirectorAssigned' ? { directorId: data.directorId as string }
    : type === 'CaseDirectionTransferred' ? { directorId: data.toDirectorId as string }
    : undefined;
  if (changes) await tx.update(TransitionWorklistFiles, { caseFileId }, changes);
}

async function onTransition(tx: EntityManager, caseFileId: string, type: string, data: Record<string, unknown>): Promise<void> {
  const clientId = data.clientId as string;
  const current = await tx.findOneBy(TransitionWorklistYouths, { caseFileId, clientId });
  const row: TransitionWorklistYouthRow = current ?? { caseFileId, clientId, questionRecorded: false, handoverStatus: 'none' };
  if (type === 'TransitionQuestionRecorded') row.questionRecorded = true;
  const status = HANDOVER_STATUS[type];
  if (status) row.handoverStatus = status;
  await tx.upsert(TransitionWorklistYouths, row, ['caseFileId', 'clientId']);
}

/**
 * The 18-/18+ list's read model (seed 004): per case file its team, youths, director and coaches,
 * and per youth whether the transition question was recorded and where the warm handover stands.
 * Case planning's own events only; birthdays are not here: intake holds them and answers per read.
 */
export const transitionWorklistProjection = defineProjection({
  name: 'transition_worklist',
  version: 1,
  streamPrefixes: [caseFileStream.prefix, transitionStream.prefix],
  eventTypes: [...CASE_FILE_EVENTS, 'TransitionQuestionRecorded', ...Object.keys(HANDOVER_STATUS)],
  tables: [TransitionWorklistFiles, TransitionWorklistYouths],
  async handle(events: readonly RecordedEvent[], tx: EntityManager) {
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const fileId = caseFileStream.idOf(event.streamName);
      if (fileId) await onCaseFile(tx, fileId, event.type, data);
      const transitionFileId = transitionStream.idOf(event.streamName);
      if (transitionFileId) await onTransition(tx, transitionFileId, event.type, data);
    }
  },
});
