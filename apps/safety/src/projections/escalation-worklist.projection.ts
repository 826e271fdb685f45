import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { escalationStream } from '../domain/escalation';

/** One open escalation as the team's worklist shows it: ids, codes and dates only. */
export interface EscalationWorklistRow {
  escalationId: string;
  caseFileId: string;
  clientId: string;
  /** JSON array of the family's children (client ids): each is shown, so each read is logged. */
  childIds: string;
  teamId: string | null;
  target: string;
  reason: string;
  receivingParty: string | null;
  /** proposed: awaiting the second professional; raised: awaiting the receiving party's answer. */
  status: 'proposed' | 'raised';
  raisedBy: string;
  proposedAt: string;
  raisedAt: string | null;
}

export const EscalationWorklistRows = new EntitySchema<EscalationWorklistRow>({
  name: 'escalation_worklist_open',
  columns: {
    escalationId: { type: 'varchar', length: 36, primary: true, name: 'escalation_id' },
    caseFileId: { type: 'varchar', length: 36, name: 'case_file_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    childIds: { type: 'text', name: 'child_ids' },
    teamId: { type: 'varchar', length: 64, nullable: true, name: 'team_id' },
    target: { type: 'varchar', length: 40 },
    reason: { type: 'varchar', length: 48 },
    receivingParty: { type: 'varchar', length: 64, nullable: true, name: 'receiving_party' },
    status: { type: 'varchar', length: 8 },
    raisedBy: { type: 'varchar', length: 255, name: 'raised_by' },
    proposedAt: { type: 'varchar', length: 30, name: 'proposed_at' },
    raisedAt: { type: 'varchar', length: 30, nullable: true, name: 'raised_at' },
  },
  indices: [{ name: 'escalation_worklist_team', columns: ['teamId', 'proposedAt'] }],
});

/**
 * The team's open escalations (seeds 000/002): proposed and awaiting a second professional, or
 * raised and awaiting the receiving party; a resolved or withdrawn one leaves the list. From
 * safety's own escalation streams. Version 1.
 */
export const escalationWorklistProjection = defineProjection({
  name: 'escalation_worklist',
  version: 1,
  streamPrefixes: [escalationStream.prefix],
  eventTypes: ['EscalationProposed', 'EscalationRaised', 'EscalationResolved', 'EscalationProposalWithdrawn'],
  tables: [EscalationWorklistRows],
  async handle(events: readonly RecordedEvent[], tx: EntityManager) {
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const escalationId = data.escalationId as string;
      switch (event.type) {
        case 'EscalationProposed':
          await tx.upsert(
            EscalationWorklistRows,
            {
              escalationId,
              caseFileId: data.caseFileId as string,
              clientId: data.clientId as string,
              childIds: JSON.stringify((data.childIds as string[] | undefined) ?? [data.clientId]),
              teamId: (data.teamId as string | null | undefined) ?? null,
              target: data.target as string,
              reason: data.reason as string,
              receivingParty: (data.receivingParty as string | null | undefined) ?? null,
              status: 'proposed',
              raisedBy: data.raisedBy as string,
              proposedAt: data.raisedAt as string,
              raisedAt: null,
            },
            ['escalationId'],
          );
          break;
        case 'EscalationRaised':
          await tx.update(EscalationWorklistRows, { escalationId }, { status: 'raised', raisedAt: data.raisedAt as string });
          break;
        default:
          await tx.delete(EscalationWorklistRows, { escalationId });
      }
    }
  },
});
