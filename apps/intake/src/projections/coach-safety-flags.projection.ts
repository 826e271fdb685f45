import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CoachSafetyFlagged, CoachSafetyFlagLifted, type PublicEvent } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, eventOrder, ProjectionHost } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';

/** One client of a family safety flagged as unsafe for coaches: ids, a code and a date only. */
export interface CoachSafetyFlagRow {
  clientId: string;
  caseFileId: string;
  flagged: boolean;
  reason: string | null;
  reviewOn: string | null;
  /** Order of the event that set the row (the UUIDv7 time of its id), as a decimal string. */
  eventOrder: string;
}

export const CoachSafetyFlagRows = new EntitySchema<CoachSafetyFlagRow>({
  name: 'coach_safety_flags_clients',
  columns: {
    clientId: { type: 'varchar', length: 36, primary: true, name: 'client_id' },
    caseFileId: { type: 'varchar', length: 36, primary: true, name: 'case_file_id' },
    flagged: { type: 'boolean' },
    reason: { type: 'varchar', length: 40, nullable: true },
    reviewOn: { type: 'varchar', length: 10, nullable: true, name: 'review_on' },
    eventOrder: { type: 'varchar', length: 24, name: 'event_order' },
  },
});

/**
 * Safety's coach-safety flags by client (DOMAIN.md "Safety": the flag blocks the routes that require
 * coach safety): a referral of any member of a flagged family meets it when it is assessed. Fed by
 * safety's public events, each once; a client may be in more than one case file.
 */
export const coachSafetyFlagsProjection = defineBusProjection({ name: 'coach_safety_flags', version: 1, tables: [CoachSafetyFlagRows] });

type FlagEvent = PublicEvent<typeof CoachSafetyFlagged | typeof CoachSafetyFlagLifted>;

export async function applyCoachSafetyFlag(tx: EntityManager, event: FlagEvent): Promise<void> {
  const order = eventOrder(event.id);
  const { caseFileId, clientIds } = event.data;
  const flag = event.type === 'CoachSafetyFlagged' ? (event.data as PublicEvent<typeof CoachSafetyFlagged>['data']) : null;
  for (const clientId of clientIds) {
    const current = await tx.findOneBy(CoachSafetyFlagRows, { clientId, caseFileId });
    // A redelivered older event never rolls a flag back.
    if (current && BigInt(current.eventOrder) >= order) continue;
    await tx.save(CoachSafetyFlagRows, { clientId, caseFileId, flagged: flag !== null, reason: flag?.reason ?? null, reviewOn: flag?.reviewOn ?? null, eventOrder: order.toString() });
  }
}

@Controller()
export class CoachSafetyFlagsFeed {
  constructor(private readonly projections: ProjectionHost) {}

  /** One ordered group, so the flag and its lifting arrive in order. */
  @ReadModelEvents('intake', coachSafetyFlagsProjection, CoachSafetyFlagged, CoachSafetyFlagLifted)
  async onCoachSafetyEvent(@Payload() event: FlagEvent): Promise<void> {
    await this.projections.applyOnce(coachSafetyFlagsProjection.name, event.id, (tx) => applyCoachSafetyFlag(tx, event));
  }
}
