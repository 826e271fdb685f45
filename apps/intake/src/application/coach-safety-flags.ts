import { Injectable } from '@nestjs/common';
import { ProjectionHost } from '@wijkteam/projections';
import { In } from 'typeorm';
import { CoachSafetyFlagRows } from '../projections/coach-safety-flags.projection';

/** An active coach-safety flag of a family (safety's), as an assessment records it. */
export interface CoachSafetyFlag {
  caseFileId: string;
  reason: string;
}

/** Whether any of these clients is in a family safety flagged as unsafe for coaches (eventually consistent). */
@Injectable()
export class CoachSafetyFlags {
  constructor(private readonly projections: ProjectionHost) {}

  async flagOf(clientIds: readonly string[]): Promise<CoachSafetyFlag | null> {
    if (clientIds.length === 0) return null;
    const row = await this.projections.db.manager.findOne(CoachSafetyFlagRows, { where: { clientId: In([...clientIds]), flagged: true }, order: { eventOrder: 'DESC' } });
    return row ? { caseFileId: row.caseFileId, reason: row.reason as string } : null;
  }
}
