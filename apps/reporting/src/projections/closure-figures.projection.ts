import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CaseFileClosed, CaseFileOpened, type PublicEvent } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, findRow, ProjectionHost, saveRow } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { addToCount, figureCountsTable, monthOf, UNATTRIBUTED } from './figure-counts';

/** Counts per team, month and closure reason (code; detail unused). */
export const ClosureCounts = figureCountsTable('reporting_closures_counts');

export interface ClosureFileTeamRow {
  caseFileId: string;
  team: string;
}

/** The team holding each case file, kept only because a closure does not name it: an id and a code. */
export const ClosureFileTeams = new EntitySchema<ClosureFileTeamRow>({
  name: 'reporting_closures_file_teams',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    team: { type: 'varchar', length: 64 },
  },
});

/**
 * Closures by reason (seed 000's closure reasons), per team and month of closing: a file closed,
 * reopened and closed again counts twice, each time for its own reason.
 */
export const closureFiguresProjection = defineBusProjection({ name: 'reporting_closures', version: 1, tables: [ClosureCounts, ClosureFileTeams] });

export async function recordOpening(tx: EntityManager, event: PublicEvent<typeof CaseFileOpened>): Promise<void> {
  await saveRow(tx, ClosureFileTeams, { caseFileId: event.data.caseFileId, team: event.data.teamId ?? UNATTRIBUTED });
}

export async function countClosure(tx: EntityManager, event: PublicEvent<typeof CaseFileClosed>): Promise<void> {
  const { caseFileId, reason, closedAt } = event.data;
  const team = (await findRow(tx, ClosureFileTeams, { caseFileId }))?.team ?? UNATTRIBUTED;
  await addToCount(tx, ClosureCounts, { team, month: monthOf(closedAt), code: reason, detail: '' });
}

@Controller()
export class ClosureFiguresFeed {
  constructor(private readonly projections: ProjectionHost) {}

  /** One ordered group for case planning's events: a file's opening (its team) precedes its closure. */
  @ReadModelEvents('reporting', closureFiguresProjection, CaseFileOpened, CaseFileClosed)
  async onCaseFileEvent(@Payload() event: PublicEvent<typeof CaseFileOpened | typeof CaseFileClosed>): Promise<void> {
    await this.projections.applyOnce(closureFiguresProjection.name, event.id, (tx) => (event.type === 'CaseFileOpened' ? recordOpening(tx, event) : countClosure(tx, event)));
  }
}
