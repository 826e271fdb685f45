import { Injectable } from '@nestjs/common';
import { ProjectionHost } from '@wijkteam/projections';
import type { SafetyDecision } from '../domain/disclosure-policy';
import { SafetyDecisionRows } from '../projections/safety-decisions.projection';

/** Reads consent's read model of safety's Meldcode decisions (eventually consistent with safety). */
@Injectable()
export class SafetyDecisions {
  constructor(private readonly projections: ProjectionHost) {}

  async find(decisionId: string): Promise<SafetyDecision | null> {
    return this.projections.db.manager.findOneBy(SafetyDecisionRows, { decisionId: decisionId.toLowerCase() });
  }

  /** Several at once, for the disclosure log. */
  async findAll(decisionIds: readonly string[]): Promise<Map<string, SafetyDecision>> {
    if (decisionIds.length === 0) return new Map();
    const rows = await this.projections.db.manager.createQueryBuilder(SafetyDecisionRows, 'd').where('d.decisionId IN (:...ids)', { ids: [...new Set(decisionIds)] }).getMany();
    return new Map(rows.map((row) => [row.decisionId, row]));
  }
}
