import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import type { Page, Paging } from '@wijkteam/runtime';
import { type EntityManager, EntitySchema } from 'typeorm';
import { meldcodeStream } from '../domain/meldcode';

/** Per Meldcode trajectory: its file, child and team, where it stands. Ids, codes and dates only. */
export interface MeldcodeWorklistRow {
  trajectoryId: string;
  caseFileId: string;
  clientId: string;
  teamId: string | null;
  status: 'open' | 'decided';
  /** The step to record next; while a step awaits its second professional, that step. */
  currentStep: number;
  awaitingConfirmation: boolean;
  startedAt: string;
  changedAt: string;
}

export const MeldcodeWorklistTrajectories = new EntitySchema<MeldcodeWorklistRow>({
  name: 'meldcode_worklist_trajectories',
  columns: {
    trajectoryId: { type: 'varchar', length: 36, primary: true, name: 'trajectory_id' },
    caseFileId: { type: 'varchar', length: 36, name: 'case_file_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    teamId: { type: 'varchar', length: 64, nullable: true, name: 'team_id' },
    status: { type: 'varchar', length: 8 },
    currentStep: { type: 'int', name: 'current_step' },
    awaitingConfirmation: { type: 'boolean', name: 'awaiting_confirmation' },
    startedAt: { type: 'varchar', length: 32, name: 'started_at' },
    changedAt: { type: 'varchar', length: 32, name: 'changed_at' },
  },
  // The worklist's query: one team's open trajectories, the oldest first.
  indices: [{ name: 'meldcode_worklist_open', columns: ['teamId', 'status', 'startedAt'] }],
});

/** The step a private event completes (its next step is one more), for the events that complete one. */
const COMPLETES: Record<string, number> = { MeldcodeSignalsMapped: 1, MeldcodeColleagueConsulted: 2, MeldcodeClientTalkRecorded: 3 };

/**
 * seeds 000, 002: the team's open Meldcode trajectories and the step each is at, so none stalls
 * unseen. Fed by safety's own Meldcode streams, each batch once; the team is the one the file had
 * when the trajectory started (MeldcodeTrajectoryStarted names it). Version 1.
 */
export const meldcodeWorklistProjection = defineProjection({
  name: 'meldcode_worklist',
  version: 1,
  streamPrefixes: [meldcodeStream.prefix],
  eventTypes: ['MeldcodeTrajectoryStarted', 'MeldcodeSignalsMapped', 'MeldcodeColleagueConsulted', 'MeldcodeClientTalkRecorded', 'MeldcodeWeighed', 'MeldcodeDecisionProposed', 'MeldcodeStepConfirmed', 'MeldcodeDecisionTaken'],
  tables: [MeldcodeWorklistTrajectories],
  async handle(events: readonly RecordedEvent[], tx) {
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const trajectoryId = data.trajectoryId as string;
      const changedAt = event.metadata.occurredAt;
      switch (event.type) {
        case 'MeldcodeTrajectoryStarted':
          await tx.upsert(
            MeldcodeWorklistTrajectories,
            {
              trajectoryId, caseFileId: data.caseFileId as string, clientId: data.clientId as string, teamId: (data.teamId as string | null) ?? null,
              status: 'open', currentStep: 1, awaitingConfirmation: false, startedAt: data.startedAt as string, changedAt,
            },
            ['trajectoryId'],
          );
          break;
        case 'MeldcodeWeighed':
        case 'MeldcodeDecisionProposed':
          await tx.update(MeldcodeWorklistTrajectories, { trajectoryId }, { awaitingConfirmation: true, changedAt });
          break;
        case 'MeldcodeStepConfirmed':
          await tx.update(MeldcodeWorklistTrajectories, { trajectoryId }, { currentStep: Math.min((data.step as number) + 1, 5), awaitingConfirmation: false, changedAt });
          break;
        case 'MeldcodeDecisionTaken':
          await tx.update(MeldcodeWorklistTrajectories, { trajectoryId }, { status: 'decided', awaitingConfirmation: false, changedAt });
          break;
        default:
          await tx.update(MeldcodeWorklistTrajectories, { trajectoryId }, { currentStep: COMPLETES[event.type] + 1, changedAt });
      }
    }
  },
});

/** An open trajectory as the worklist shows it: ids, the step and dates, never a signal or a note. */
export interface MeldcodeWorklistItem {
  caseFileId: string;
  clientId: string;
  trajectoryId: string;
  currentStep: number;
  awaitingConfirmation: boolean;
  startedAt: string;
  changedAt: string;
}

/** One team's open trajectories, the longest running first, paged in the database. */
export async function openMeldcodeTrajectories(db: EntityManager, teamId: string, { page, pageSize }: Paging): Promise<Page<MeldcodeWorklistItem>> {
  const [rows, total] = await db
    .createQueryBuilder(MeldcodeWorklistTrajectories, 't')
    .where('t.teamId = :teamId', { teamId })
    .andWhere('t.status = :open', { open: 'open' })
    .orderBy('t.startedAt', 'ASC')
    .addOrderBy('t.trajectoryId', 'ASC')
    .offset((page - 1) * pageSize)
    .limit(pageSize)
    .getManyAndCount();
  const items = rows.map(({ teamId: _team, status: _status, ...row }) => ({ ...row, awaitingConfirmation: Boolean(row.awaitingConfirmation) }));
  return { items, page, pageSize, total };
}
