import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CaseFileClosed, CaseFileReopened, type PublicEvent, SubjectKeyDestroyed } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, eventOrder, ProjectionHost } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';

export interface RetentionCaseFileRow {
  clientId: string;
  caseFileId: string;
  closedAt: string | null;
  /** Order of the event that set the row (see `eventOrder`), as a decimal string. */
  eventOrder: string;
}

export interface RetentionErasedRow {
  clientId: string;
  erasedAt: string;
}

export const RetentionCaseFiles = new EntitySchema<RetentionCaseFileRow>({
  name: 'consent_retention_case_files',
  columns: {
    clientId: { type: 'varchar', length: 36, primary: true, name: 'client_id' },
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    closedAt: { type: 'varchar', length: 32, nullable: true, name: 'closed_at' },
    eventOrder: { type: 'varchar', length: 24, name: 'event_order' },
  },
});

export const RetentionErased = new EntitySchema<RetentionErasedRow>({
  name: 'consent_retention_erased',
  columns: {
    clientId: { type: 'varchar', length: 36, primary: true, name: 'client_id' },
    erasedAt: { type: 'varchar', length: 32, name: 'erased_at' },
  },
});

/**
 * The retention clock as a read model (Jeugdwet art. 7.3.8): per client and case file when it was
 * closed (null: open again), and which clients are erased. Ids and dates only, never a name. Fed by
 * case-planning's public events and this service's own erasures, each applied once
 * (`ProjectionHost.applyOnce`). Which clients are due is the pure `dueForDestruction` of the domain
 * over these rows (RetentionClock).
 */
export const retentionProjection = defineBusProjection({ name: 'consent_retention', version: 1, tables: [RetentionCaseFiles, RetentionErased] });

/** A closure (`closedAt`) or a reopening (null) of one case file; an older event than the row's changes nothing. */
export async function recordCaseFile(tx: EntityManager, clientId: string, caseFileId: string, closedAt: string | null, order: bigint): Promise<void> {
  const row = await tx.findOneBy(RetentionCaseFiles, { clientId, caseFileId });
  if (row && BigInt(row.eventOrder) >= order) return;
  await tx.save(RetentionCaseFiles, { clientId, caseFileId, closedAt, eventOrder: order.toString() });
}

export async function recordErasure(tx: EntityManager, clientId: string, erasedAt: string): Promise<void> {
  if (!(await tx.existsBy(RetentionErased, { clientId }))) await tx.insert(RetentionErased, { clientId, erasedAt });
}

/**
 * Feeds the retention clock. One ordered handler group for case-planning's events
 * (`jeugd.case-planning.*`), so closures and reopenings of one file arrive in the order they
 * happened; other types there are skipped by the transport. Events arrive validated (ids canonical,
 * dates UTC), so nothing is checked here.
 */
@Controller()
export class RetentionFeed {
  private readonly log = new Logger(RetentionFeed.name);

  constructor(private readonly projections: ProjectionHost) {}

  @ReadModelEvents('consent', retentionProjection, CaseFileClosed, CaseFileReopened)
  async onCaseFileEvent(@Payload() event: PublicEvent<typeof CaseFileClosed | typeof CaseFileReopened>): Promise<void> {
    const { caseFileId, clientId } = event.data;
    const closedAt = event.type === 'CaseFileClosed' ? event.data.closedAt : null;
    await this.projections.applyOnce(retentionProjection.name, event.id, (tx) => recordCaseFile(tx, clientId, caseFileId, closedAt, eventOrder(event.id)));
  }

  @ReadModelEvents('consent', retentionProjection, SubjectKeyDestroyed)
  async onErasure(@Payload() event: PublicEvent<typeof SubjectKeyDestroyed>): Promise<void> {
    const { subjectId, destroyedAt } = event.data;
    if (await this.projections.applyOnce(retentionProjection.name, event.id, (tx) => recordErasure(tx, subjectId, destroyedAt))) this.log.log(`retention: erasure ${event.id} applied to the clock`);
  }
}
