import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { MeldcodeDecisionTaken, type PublicEvent } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, ProjectionHost } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';

export interface SafetyDecisionRow {
  decisionId: string;
  clientId: string;
  caseFileId: string;
  outcome: string;
  decidedAt: string;
}

export const SafetyDecisionRows = new EntitySchema<SafetyDecisionRow>({
  name: 'consent_safety_decisions_decisions',
  columns: {
    decisionId: { type: 'varchar', length: 36, primary: true, name: 'decision_id' },
    clientId: { type: 'varchar', length: 36, name: 'client_id' },
    caseFileId: { type: 'varchar', length: 36, name: 'case_file_id' },
    outcome: { type: 'varchar', length: 32 },
    decidedAt: { type: 'varchar', length: 32, name: 'decided_at' },
  },
});

/**
 * The Meldcode decisions safety took (its public MeldcodeDecisionTaken, seeds 000, 001, 002), by
 * decision id: what a disclosure on the ground `child_safety_meldcode` must name, so the ground is
 * a real decision about the same client, not any id. Ids, codes and dates only. A decision never
 * changes: the first delivery is kept, a redelivery changes nothing.
 */
export const safetyDecisionsProjection = defineBusProjection({ name: 'consent_safety_decisions', version: 1, tables: [SafetyDecisionRows] });

export async function recordSafetyDecision(tx: EntityManager, row: SafetyDecisionRow): Promise<void> {
  if (!(await tx.existsBy(SafetyDecisionRows, { decisionId: row.decisionId }))) await tx.insert(SafetyDecisionRows, row);
}

@Controller()
export class SafetyDecisionsFeed {
  constructor(private readonly projections: ProjectionHost) {}

  @ReadModelEvents('consent', safetyDecisionsProjection, MeldcodeDecisionTaken)
  async onDecision(@Payload() event: PublicEvent<typeof MeldcodeDecisionTaken>): Promise<void> {
    const { decisionId, clientId, caseFileId, outcome, decidedAt } = event.data;
    await this.projections.applyOnce(safetyDecisionsProjection.name, event.id, (tx) => recordSafetyDecision(tx, { decisionId, clientId, caseFileId, outcome, decidedAt }));
  }
}
