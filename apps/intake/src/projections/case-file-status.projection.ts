import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CaseFileClosed, CaseFileOpened, CaseFileReopened, type PublicEvent } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, eventOrder, ProjectionHost } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';

export interface CaseFileStatusRow {
  caseFileId: string;
  clientId: string;
  status: 'open' | 'closed';
  closureReason: string | null;
  changedAt: string;
  /** Order of the event that set the row (the UUIDv7 time of its id), as a decimal string. */
  eventOrder: string;
}

export const CaseFileStatusFiles = new EntitySchema<CaseFileStatusRow>({
  name: 'case_file_status_files',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    status: { type: 'varchar', length: 8 },
    closureReason: { type: 'varchar', length: 64, nullable: true, name: 'closure_reason' },
    changedAt: { type: 'varchar', length: 32, name: 'changed_at' },
    eventOrder: { type: 'varchar', length: 24, name: 'event_order' },
  },
});

/**
 * Whether each case file case planning opened is open or closed, and why it closed (seed 000's
 * closure reasons): what the care-history check shows beside an earlier referral, and what ends a
 * coach's caseload. Ids, codes and dates only. Fed by case planning's public events, each once.
 */
export const caseFileStatusProjection = defineBusProjection({ name: 'case_file_status', version: 1, tables: [CaseFileStatusFiles] });

async function record(tx: EntityManager, row: Omit<CaseFileStatusRow, 'eventOrder'>, order: bigint): Promise<void> {
  const current = await tx.findOneBy(CaseFileStatusFiles, { caseFileId: row.caseFileId });
  // A redelivered older event never rolls a file back.
  if (current && BigInt(current.eventOrder) >= order) return;
  await tx.save(CaseFileStatusFiles, { ...row, eventOrder: order.toString() });
}

@Controller()
export class CaseFileStatusFeed {
  constructor(private readonly projections: ProjectionHost) {}

  /** One ordered group for case planning's events, so the closing and reopening of one file arrive in order. */
  @ReadModelEvents('intake', caseFileStatusProjection, CaseFileOpened, CaseFileClosed, CaseFileReopened)
  async onCaseFileEvent(@Payload() event: PublicEvent<typeof CaseFileOpened | typeof CaseFileClosed | typeof CaseFileReopened>): Promise<void> {
    const { caseFileId, clientId } = event.data;
    const closed = event.type === 'CaseFileClosed';
    const row = { caseFileId, clientId, status: closed ? 'closed' : 'open', closureReason: closed ? (event.data as { reason: string }).reason : null, changedAt: event.time } as const;
    await this.projections.applyOnce(caseFileStatusProjection.name, event.id, (tx) => record(tx, row, eventOrder(event.id)));
  }
}
