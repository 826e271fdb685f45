import type { RecordedEvent } from '@wijkteam/event-store';
import { defineProjection } from '@wijkteam/projections';
import { EntitySchema, type EntityManager } from 'typeorm';
import { referralStream } from '../domain/referral';
import { CaseFileStatusFiles } from './case-file-status.projection';

/** A referral some coaches carry: its team, the case file it became, and whether it is still carried. */
export interface CaseloadReferralRow {
  referralId: string;
  teamId: string | null;
  caseFileId: string | null;
  /** 'ended': declined, or off the waiting list for good. */
  status: 'active' | 'ended';
}

/** One coach of one referral, as the last CoachesAssigned named them. */
export interface CaseloadCoachRow {
  referralId: string;
  coachId: string;
}

export const CaseloadReferrals = new EntitySchema<CaseloadReferralRow>({
  name: 'caseload_referrals',
  columns: {
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    teamId: { type: 'varchar', length: 64, nullable: true, name: 'team_id' },
    caseFileId: { type: 'varchar', length: 36, nullable: true, name: 'case_file_id' },
    status: { type: 'varchar', length: 8 },
  },
});

export const CaseloadCoaches = new EntitySchema<CaseloadCoachRow>({
  name: 'caseload_coaches',
  columns: {
    referralId: { type: 'varchar', length: 36, primary: true, name: 'referral_id' },
    coachId: { type: 'varchar', length: 255, primary: true, name: 'coach_id' },
  },
  indices: [{ name: 'caseload_coaches_coach', columns: ['coachId'] }],
});

async function referralRow(tx: EntityManager, referralId: string): Promise<CaseloadReferralRow | null> {
  return tx.findOneBy(CaseloadReferrals, { referralId });
}

/**
 * Which coach carries which referral (seed 002: assignment by capacity): per referral its coaches as
 * the case conference last assigned them and the case file it became. A coach's caseload is what is
 * carried here and whose case file case planning has not closed (`caseloadOf`, joined with
 * case_file_status at query time, so a closure needs no replay here). Ids and codes only. Version 1.
 */
export const caseloadProjection = defineProjection({
  name: 'caseload',
  version: 1,
  streamPrefixes: [referralStream.prefix],
  eventTypes: ['CoachesAssigned', 'ReferralAccepted', 'ReferralDeclined', 'ReferralRemovedFromWaitingList'],
  tables: [CaseloadReferrals, CaseloadCoaches],
  async handle(events: readonly RecordedEvent[], tx: EntityManager) {
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      const referralId = data.referralId as string;
      switch (event.type) {
        case 'CoachesAssigned': {
          // A new assignment replaces the coaches of before; the case file, if any, stays.
          const current = await referralRow(tx, referralId);
          await tx.upsert(
            CaseloadReferrals,
            { referralId, teamId: (data.teamId as string | null) ?? current?.teamId ?? null, caseFileId: current?.caseFileId ?? null, status: current?.status ?? 'active' },
            ['referralId'],
          );
          await tx.delete(CaseloadCoaches, { referralId });
          await tx.insert(CaseloadCoaches, (data.coachIds as string[]).map((coachId) => ({ referralId, coachId })));
          break;
        }
        case 'ReferralAccepted': {
          const current = await referralRow(tx, referralId);
          await tx.upsert(
            CaseloadReferrals,
            { referralId, teamId: (data.teamId as string | null) ?? current?.teamId ?? null, caseFileId: data.caseFileId as string, status: current?.status ?? 'active' },
            ['referralId'],
          );
          break;
        }
        case 'ReferralDeclined':
          await tx.update(CaseloadReferrals, { referralId }, { status: 'ended' });
          break;
        case 'ReferralRemovedFromWaitingList':
          // Capacity came free: the referral is to be decided again, its coaches still carry it.
          if (data.reason !== 'capacity_available') await tx.update(CaseloadReferrals, { referralId }, { status: 'ended' });
          break;
      }
    }
  },
});

/**
 * The caseload of each coach (number of families): the referrals they carry that have not ended and
 * whose case file is not closed. Coaches without any are absent from the map (caseload 0).
 */
export async function caseloadOf(db: EntityManager, coachIds: readonly string[]): Promise<Map<string, number>> {
  if (coachIds.length === 0) return new Map();
  const rows = await db
    .createQueryBuilder()
    .select('coach.coachId', 'coachId')
    .addSelect('COUNT(DISTINCT coach.referralId)', 'caseload')
    .from(CaseloadCoaches, 'coach')
    .innerJoin(CaseloadReferrals.options.name, 'referral', 'referral.referralId = coach.referralId')
    .leftJoin(CaseFileStatusFiles.options.name, 'file', 'file.caseFileId = referral.caseFileId')
    .where('coach.coachId IN (:...coachIds)', { coachIds: [...new Set(coachIds)] })
    .andWhere('referral.status = :active', { active: 'active' })
    .andWhere('(file.status IS NULL OR file.status <> :closed)', { closed: 'closed' })
    .groupBy('coach.coachId')
    .getRawMany<{ coachId: string; caseload: string | number }>();
  return new Map(rows.map((row) => [row.coachId, Number(row.caseload)]));
}
