import { Inject, Injectable } from '@nestjs/common';
import { ProjectionHost } from '@wijkteam/projections';
import { In } from 'typeorm';
import { matchKeysOf } from './match-keys';
import type { CareHistoryMatch, Person } from '../domain/referral';
import { MATCH_SECRET } from '../intake.settings';
import { CaseFileStatusFiles } from '../projections/case-file-status.projection';
import { findCareHistory } from '../projections/care-history.projection';

/**
 * The care-history check of a new referral (seed 000): the family's persons are hashed with the
 * match key and looked up in intake's index; what is found is every earlier referral of any of them,
 * with its outcome and, when it became a case file, whether that file is open or closed.
 */
@Injectable()
export class CareHistory {
  constructor(
    private readonly projections: ProjectionHost,
    @Inject(MATCH_SECRET) private readonly secret: Buffer,
  ) {}

  async check(persons: readonly Person[]): Promise<CareHistoryMatch[]> {
    const keys = persons.flatMap((person) => matchKeysOf(person, this.secret).map(({ key }) => key));
    const found = await findCareHistory(this.projections.db.manager, keys);
    const caseFileIds = found.flatMap((referral) => (referral.caseFileId ? [referral.caseFileId] : []));
    const files = caseFileIds.length > 0 ? await this.projections.db.manager.findBy(CaseFileStatusFiles, { caseFileId: In(caseFileIds) }) : [];
    const statusOf = new Map(files.map((file) => [file.caseFileId, file.status]));
    return found
      .map((referral) => ({
        referralId: referral.referralId,
        matchedOn: referral.matchedOn,
        status: referral.status,
        receivedAt: referral.receivedAt,
        caseFileId: referral.caseFileId,
        caseFileStatus: referral.caseFileId ? (statusOf.get(referral.caseFileId) ?? 'open') : null,
      }))
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }
}
