import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CaseFileOpened, EscalationRaised, EscalationResolved, MeldcodeDecisionTaken, MeldcodeStepCompleted, type PublicEvent } from '@wijkteam/contracts';
import { ReadModelEvents } from '@wijkteam/messaging';
import { defineBusProjection, findRow, insertRow, ProjectionHost, saveRow } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { listedFilesTable, recordFile } from './case-file-periods';

/** A Meldcode trajectory as an interval in event time: open from its first completed step until its decision (null: open). */
export interface MeldcodeTrajectoryRow {
  trajectoryId: string;
  caseFileId: string;
  startedAt: string;
  decidedAt: string | null;
}

/** A completed step of a trajectory (seeds 000, 002: steps 1-5; 4 and 5 once confirmed). */
export interface MeldcodeStepRow {
  trajectoryId: string;
  step: number;
  completedAt: string;
}

/** An escalation as an interval in event time: open from `raisedAt` until `resolvedAt` (null: open). Codes only. */
export interface EscalationRow {
  escalationId: string;
  caseFileId: string;
  target: string;
  reason: string;
  receivingParty: string | null;
  movesCaseDirection: boolean;
  raisedAt: string;
  resolvedAt: string | null;
  outcome: string | null;
}

export const MeldcodeTrajectories = new EntitySchema<MeldcodeTrajectoryRow>({
  name: 'reporting_meldcode_escalations_trajectories',
  columns: {
    trajectoryId: { type: 'varchar', length: 36, primary: true, name: 'trajectory_id' },
    caseFileId: { type: 'varchar', length: 36, name: 'case_file_id' },
    startedAt: { type: 'varchar', length: 30, name: 'started_at' },
    decidedAt: { type: 'varchar', length: 30, nullable: true, name: 'decided_at' },
  },
});

export const MeldcodeSteps = new EntitySchema<MeldcodeStepRow>({
  name: 'reporting_meldcode_escalations_steps',
  columns: {
    trajectoryId: { type: 'varchar', length: 36, primary: true, name: 'trajectory_id' },
    step: { type: 'int', primary: true },
    completedAt: { type: 'varchar', length: 30, name: 'completed_at' },
  },
});

export const Escalations = new EntitySchema<EscalationRow>({
  name: 'reporting_meldcode_escalations_escalations',
  columns: {
    escalationId: { type: 'varchar', length: 36, primary: true, name: 'escalation_id' },
    caseFileId: { type: 'varchar', length: 36, name: 'case_file_id' },
    target: { type: 'varchar', length: 64 },
    reason: { type: 'varchar', length: 64 },
    receivingParty: { type: 'varchar', length: 64, nullable: true, name: 'receiving_party' },
    movesCaseDirection: { type: 'boolean', name: 'moves_case_direction' },
    raisedAt: { type: 'varchar', length: 30, name: 'raised_at' },
    resolvedAt: { type: 'varchar', length: 30, nullable: true, name: 'resolved_at' },
    outcome: { type: 'varchar', length: 32, nullable: true },
  },
});

export const MeldcodeEscalationFiles = listedFilesTable('reporting_meldcode_escalations_files');

/**
 * Open Meldcode trajectories (which step, since when) and open escalations (issue 16), per team,
 * now or at any moment, from safety's public events. A trajectory or an escalation stays open until
 * its own end, whatever becomes of the file. The team is the file's, joined when a list is read.
 */
export const meldcodeEscalationsProjection = defineBusProjection({
  name: 'reporting_meldcode_escalations',
  version: 1,
  tables: [MeldcodeTrajectories, MeldcodeSteps, Escalations, MeldcodeEscalationFiles],
});

type SafetyFact = typeof MeldcodeStepCompleted | typeof MeldcodeDecisionTaken | typeof EscalationRaised | typeof EscalationResolved;

export async function recordSafetyFact(tx: EntityManager, event: PublicEvent<SafetyFact>): Promise<void> {
  switch (event.type) {
    case 'MeldcodeStepCompleted': {
      const { trajectoryId, caseFileId, step, completedAt } = event.data;
      if (!(await findRow(tx, MeldcodeTrajectories, { trajectoryId }))) await insertRow(tx, MeldcodeTrajectories, { trajectoryId, caseFileId, startedAt: completedAt, decidedAt: null });
      await saveRow(tx, MeldcodeSteps, { trajectoryId, step, completedAt });
      return;
    }
    case 'MeldcodeDecisionTaken': {
      const { trajectoryId, caseFileId, decidedAt } = event.data;
      await saveRow(tx, MeldcodeTrajectories, { trajectoryId, caseFileId, startedAt: (await findRow(tx, MeldcodeTrajectories, { trajectoryId }))?.startedAt ?? decidedAt, decidedAt });
      return;
    }
    case 'EscalationRaised': {
      const { escalationId, caseFileId, target, reason, receivingParty, movesCaseDirection, raisedAt } = event.data;
      await tx.save(Escalations, { escalationId, caseFileId, target, reason, receivingParty, movesCaseDirection, raisedAt, resolvedAt: null, outcome: null });
      return;
    }
    case 'EscalationResolved':
      await tx.update(Escalations, { escalationId: event.data.escalationId }, { resolvedAt: event.data.resolvedAt, outcome: event.data.outcome });
  }
}

export const recordMeldcodeEscalationFile = (tx: EntityManager, event: PublicEvent<typeof CaseFileOpened>): Promise<void> => recordFile(tx, MeldcodeEscalationFiles, event);

@Controller()
export class MeldcodeEscalationsFeed {
  constructor(private readonly projections: ProjectionHost) {}

  @ReadModelEvents('reporting', meldcodeEscalationsProjection, MeldcodeStepCompleted, MeldcodeDecisionTaken, EscalationRaised, EscalationResolved)
  async onSafetyEvent(@Payload() event: PublicEvent<SafetyFact>): Promise<void> {
    await this.projections.applyOnce(meldcodeEscalationsProjection.name, event.id, (tx) => recordSafetyFact(tx, event));
  }

  @ReadModelEvents('reporting', meldcodeEscalationsProjection, CaseFileOpened)
  async onCaseFileOpened(@Payload() event: PublicEvent<typeof CaseFileOpened>): Promise<void> {
    await this.projections.applyOnce(meldcodeEscalationsProjection.name, event.id, (tx) => recordMeldcodeEscalationFile(tx, event));
  }
}
