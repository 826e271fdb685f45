import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CaseDirectionTransferred, CaseDirectorAssigned, CaseFileClosed, CaseFileOpened, CaseFileReopened, type PublicEvent } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, eventOrder, ProjectionHost } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';

/** A case file as safety knows it from case planning: ids, codes and its team only. */
export interface SafetyCaseFileRow {
  caseFileId: string;
  clientId: string;
  teamId: string | null;
  /** JSON arrays of client ids: the children, and the other family members. */
  childIds: string;
  familyMemberIds: string;
  status: 'open' | 'closed';
  directorId: string | null;
  directorKind: string | null;
  /** Order of the last event applied (the UUIDv7 time of its id), as a decimal string. */
  eventOrder: string;
}

export const SafetyCaseFileRows = new EntitySchema<SafetyCaseFileRow>({
  name: 'safety_case_files_files',
  columns: {
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    teamId: { type: 'varchar', length: 64, nullable: true, name: 'team_id' },
    childIds: { type: 'text', name: 'child_ids' },
    familyMemberIds: { type: 'text', name: 'family_member_ids' },
    status: { type: 'varchar', length: 8 },
    directorId: { type: 'varchar', length: 255, nullable: true, name: 'director_id' },
    directorKind: { type: 'varchar', length: 32, nullable: true, name: 'director_kind' },
    eventOrder: { type: 'varchar', length: 24, name: 'event_order' },
  },
});

/**
 * The case files case planning opened, as safety acts on them (issue 15: only real case files):
 * their team (team separation), their family (whose safety is assessed), whether they are open
 * and who directs them. Fed by case planning's public events, each once, in one ordered group.
 */
export const safetyCaseFilesProjection = defineBusProjection({ name: 'safety_case_files', version: 1, tables: [SafetyCaseFileRows] });

type CaseFileEvent = PublicEvent<typeof CaseFileOpened | typeof CaseFileClosed | typeof CaseFileReopened | typeof CaseDirectorAssigned | typeof CaseDirectionTransferred>;

function changesOf(event: CaseFileEvent): Partial<SafetyCaseFileRow> {
  switch (event.type) {
    case 'CaseFileClosed':
      return { status: 'closed' };
    case 'CaseFileReopened':
      return { status: 'open' };
    case 'CaseDirectorAssigned': {
      const { directorId, directorKind } = event.data as PublicEvent<typeof CaseDirectorAssigned>['data'];
      return { directorId, directorKind };
    }
    case 'CaseDirectionTransferred': {
      const { toDirectorId, toDirectorKind } = event.data as PublicEvent<typeof CaseDirectionTransferred>['data'];
      return { directorId: toDirectorId, directorKind: toDirectorKind };
    }
    default:
      return {};
  }
}

async function apply(tx: EntityManager, event: CaseFileEvent): Promise<void> {
  const order = eventOrder(event.id);
  const { caseFileId } = event.data;
  if (event.type === 'CaseFileOpened') {
    const data = event.data as PublicEvent<typeof CaseFileOpened>['data'];
    // A redelivered opening never rolls a file back.
    if (await tx.findOneBy(SafetyCaseFileRows, { caseFileId })) return;
    const row = { caseFileId, clientId: data.clientId, teamId: data.teamId, childIds: JSON.stringify(data.childIds), familyMemberIds: JSON.stringify(data.familyMemberIds) };
    await tx.insert(SafetyCaseFileRows, { ...row, status: 'open', directorId: null, directorKind: null, eventOrder: order.toString() });
    return;
  }
  const current = await tx.findOneBy(SafetyCaseFileRows, { caseFileId });
  if (!current || BigInt(current.eventOrder) >= order) return;
  await tx.save(SafetyCaseFileRows, { ...current, ...changesOf(event), eventOrder: order.toString() });
}

@Controller()
export class SafetyCaseFilesFeed {
  constructor(private readonly projections: ProjectionHost) {}

  /** One ordered group for case planning's case-file events, so a file's opening, direction and closure arrive in order. */
  @ReadModelEvents('safety', safetyCaseFilesProjection, CaseFileOpened, CaseFileClosed, CaseFileReopened, CaseDirectorAssigned, CaseDirectionTransferred)
  async onCaseFileEvent(@Payload() event: CaseFileEvent): Promise<void> {
    await this.projections.applyOnce(safetyCaseFilesProjection.name, event.id, (tx) => apply(tx, event));
  }
}
