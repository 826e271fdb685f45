import { Injectable } from '@nestjs/common';
import { ProjectionHost } from '@wijkteam/projections';
import { type DueForDestruction, dueForDestruction, type RetentionState } from '../domain/retention';
import { RetentionCaseFiles, RetentionErased } from './retention.projection';

/** Reads the consent_retention read model; which clients are due is the domain's pure rule over its rows. */
@Injectable()
export class RetentionClock {
  constructor(private readonly projections: ProjectionHost) {}

  /** The clients due for destruction at `now`, oldest first. */
  async due(now: Date, retentionYears: number): Promise<DueForDestruction[]> {
    return dueForDestruction(await this.state(), now, { retentionYears });
  }

  async isDue(clientId: string, now: Date, retentionYears: number): Promise<boolean> {
    return dueForDestruction(await this.state(clientId), now, { retentionYears }).length > 0;
  }

  /** The rows of one client, or of all. */
  private async state(clientId?: string): Promise<RetentionState> {
    const where = clientId === undefined ? {} : { clientId };
    const [rows, erased] = await Promise.all([this.projections.db.manager.findBy(RetentionCaseFiles, where), this.projections.db.manager.findBy(RetentionErased, where)]);
    const clients: RetentionState['clients'] = {};
    for (const row of rows) (clients[row.clientId] ??= {})[row.caseFileId] = row.closedAt;
    return { clients, erased: erased.map((row) => row.clientId) };
  }
}
