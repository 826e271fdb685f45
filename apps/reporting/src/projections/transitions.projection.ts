import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CaseFileClosed,
  CaseFileOpened,
  CaseFileReopened,
  OtherProvidersStatusRecorded,
  type PublicEvent,
  TransitionQuestionRecorded,
  WarmHandoverCompleted,
  WarmHandoverConversationHeld,
  WarmHandoverProposed,
  WarmHandoverRefused,
} from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, insertRow, ProjectionHost, updateRows } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { type FileLifecycleEvent, filePeriodsTable, listedFilesTable, recordFilePeriod } from './case-file-periods';

/** The three things seed 004 asks of a youth's transition, each with its latest answer. */
export const TRANSITION_FACTS = ['question', 'other_providers', 'handover'] as const;
export type TransitionFact = (typeof TRANSITION_FACTS)[number];

/**
 * One answer of a youth's transition, valid in event time from `from` until the next answer of the
 * same fact (`until`, null: still the latest). `code`: the continuation for the question; `asked`
 * or `none` for the other providers; the warm handover's stage (proposed, refused,
 * conversation_held, completed). Ids and codes only: never a birth date (intake holds it).
 */
export interface TransitionAnswerRow {
  eventId: string;
  caseFileId: string;
  clientId: string;
  fact: TransitionFact;
  code: string;
  from: string;
  until: string | null;
}

export const TransitionAnswers = new EntitySchema<TransitionAnswerRow>({
  name: 'reporting_transitions_answers',
  columns: {
    eventId: { type: 'varchar', length: 36, primary: true, name: 'event_id' },
    caseFileId: { type: 'varchar', length: 36, name: 'case_file_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    fact: { type: 'varchar', length: 16 },
    code: { type: 'varchar', length: 32 },
    from: { type: 'varchar', length: 30, name: 'from_time' },
    until: { type: 'varchar', length: 30, nullable: true, name: 'until_time' },
  },
  indices: [{ name: 'reporting_transitions_answers_youth', columns: ['caseFileId', 'clientId', 'fact'] }],
});

export const TransitionFiles = listedFilesTable('reporting_transitions_files');
export const TransitionFilePeriods = filePeriodsTable('reporting_transitions_file_periods');

/**
 * The 18-/18+ transition of the youths of open case files (seed 004), now or at any moment: per
 * youth the latest answer of each fact at that moment. Which youths turn 18 when is not here:
 * reporting never holds a birth date, nor the month of one; the list asks intake at each read.
 */
export const transitionsProjection = defineBusProjection({ name: 'reporting_transitions', version: 1, tables: [TransitionAnswers, TransitionFiles, TransitionFilePeriods] });

type TransitionEvent =
  | typeof TransitionQuestionRecorded
  | typeof OtherProvidersStatusRecorded
  | typeof WarmHandoverProposed
  | typeof WarmHandoverRefused
  | typeof WarmHandoverConversationHeld
  | typeof WarmHandoverCompleted;

function answerOf(event: PublicEvent<TransitionEvent>): { fact: TransitionFact; code: string; at: string } {
  switch (event.type) {
    case 'TransitionQuestionRecorded':
      return { fact: 'question', code: event.data.continuation, at: event.data.recordedAt };
    case 'OtherProvidersStatusRecorded':
      return { fact: 'other_providers', code: event.data.none ? 'none' : 'asked', at: event.data.recordedAt };
    case 'WarmHandoverProposed':
      return { fact: 'handover', code: 'proposed', at: event.data.proposedAt };
    case 'WarmHandoverRefused':
      return { fact: 'handover', code: 'refused', at: event.data.refusedAt };
    case 'WarmHandoverConversationHeld':
      return { fact: 'handover', code: 'conversation_held', at: event.data.recordedAt };
    case 'WarmHandoverCompleted':
      return { fact: 'handover', code: 'completed', at: event.data.completedAt };
  }
}

export async function recordTransitionAnswer(tx: EntityManager, event: PublicEvent<TransitionEvent>): Promise<void> {
  const { caseFileId, clientId } = event.data;
  const { fact, code, at } = answerOf(event);
  await updateRows(tx, TransitionAnswers, { caseFileId, clientId, fact, until: null }, { until: at });
  await insertRow(tx, TransitionAnswers, { eventId: event.id, caseFileId, clientId, fact, code, from: at, until: null });
}

export const recordTransitionFile = (tx: EntityManager, event: FileLifecycleEvent): Promise<void> => recordFilePeriod(tx, TransitionFiles, TransitionFilePeriods, event);

@Controller()
export class TransitionsFeed {
  constructor(private readonly projections: ProjectionHost) {}

  /** One ordered group for case planning's events: a file's opening precedes its youths' answers. */
  @ReadModelEvents(
    'reporting',
    transitionsProjection,
    CaseFileOpened,
    CaseFileClosed,
    CaseFileReopened,
    TransitionQuestionRecorded,
    OtherProvidersStatusRecorded,
    WarmHandoverProposed,
    WarmHandoverRefused,
    WarmHandoverConversationHeld,
    WarmHandoverCompleted,
  )
  async onCasePlanningEvent(@Payload() event: FileLifecycleEvent | PublicEvent<TransitionEvent>): Promise<void> {
    await this.projections.applyOnce(transitionsProjection.name, event.id, (tx) =>
      event.type === 'CaseFileOpened' || event.type === 'CaseFileClosed' || event.type === 'CaseFileReopened' ? recordTransitionFile(tx, event) : recordTransitionAnswer(tx, event),
    );
  }
}
