import type { PublicEvent } from '@wijkteam/contracts';
import type { ProjectionHost } from '@wijkteam/projections';
import type { EntityManager } from 'typeorm';
import { busProjectionSpec, eventId } from '../../test/bus-projection-spec';
import { CaseLists } from '../application/case-lists';
import { recordWaitingList, waitingListProjection } from './waiting-list.projection';

const referral = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000a${n}`;
const waitlisted = (n: number, priority: string, decidedAt: string, teamId: string | null = 'wijkteam-noord') => ({
  type: 'ReferralWaitlisted',
  data: { referralId: referral(n), teamId, priority, rulesVersion: 'rules-1', decidedAt },
});
const accepted = (n: number, decidedAt: string) => ({
  type: 'ReferralAccepted',
  data: { referralId: referral(n), clientId: referral(n), caseFileId: referral(n), teamId: 'wijkteam-noord', route: 'jgz', childIds: [referral(n)], familyMemberIds: [], rulesVersion: 'rules-1', decidedAt },
});
const declined = (n: number, decidedAt: string) => ({ type: 'ReferralDeclined', data: { referralId: referral(n), teamId: 'wijkteam-noord', reason: 'eligibility_not_met', redirect: 'own_network', rulesVersion: 'rules-1', decidedAt } });
const removed = (n: number, decidedAt: string) => ({ type: 'ReferralRemovedFromWaitingList', data: { referralId: referral(n), teamId: 'wijkteam-noord', reason: 'helped_elsewhere', decidedAt } });

const spec = busProjectionSpec(waitingListProjection, (tx, event) => recordWaitingList(tx, event as PublicEvent<never>));
const listAt = async (db: EntityManager, at: string, team: string | null = 'wijkteam-noord') =>
  (await new CaseLists({ db: db.connection } as unknown as ProjectionHost).waitingList({ team, at })).rows;

describe('reporting_waiting_list read model (bus-fed)', () => {
  const history = [
    waitlisted(1, 'regular', '2026-03-01T10:00:00.000Z'),
    waitlisted(2, 'urgent', '2026-03-03T08:00:00Z'),
    waitlisted(3, 'regular', '2026-03-02T10:00:00.000Z', 'wijkteam-zuid'),
    waitlisted(4, 'regular', '2026-03-04T10:00:00.000Z'),
  ];

  it('given referrals waitlisted, when they are accepted, declined or removed, then each is on the list from its waitlisting until that decision, asked at any moment', async () => {
    await spec
      .given(history)
      .when([accepted(2, '2026-03-10T09:00:00.000Z'), removed(1, '2026-03-12T09:00:00.000Z'), declined(4, '2026-03-05T09:00:00.000Z')])
      .then(async (db) => {
        expect(await listAt(db, '2026-03-01T09:59:59.999Z')).toEqual([]);
        expect(await listAt(db, '2026-03-01T10:00:00.000Z')).toEqual([{ team: 'wijkteam-noord', referralId: referral(1), priority: 'regular', waitlistedOn: '2026-03-01', daysWaiting: 0 }]);
        // Urgent first (seed 004), then the longest waiting.
        expect(await listAt(db, '2026-03-04T12:00:00.000Z')).toEqual([
          { team: 'wijkteam-noord', referralId: referral(2), priority: 'urgent', waitlistedOn: '2026-03-03', daysWaiting: 1 },
          { team: 'wijkteam-noord', referralId: referral(1), priority: 'regular', waitlistedOn: '2026-03-01', daysWaiting: 3 },
          { team: 'wijkteam-noord', referralId: referral(4), priority: 'regular', waitlistedOn: '2026-03-04', daysWaiting: 0 },
        ]);
        // At the moment of the acceptance the referral is no longer waiting.
        expect((await listAt(db, '2026-03-10T09:00:00.000Z')).map((row) => row.referralId)).toEqual([referral(1)]);
        expect(await listAt(db, '2026-03-11T23:59:59.999Z')).toEqual([{ team: 'wijkteam-noord', referralId: referral(1), priority: 'regular', waitlistedOn: '2026-03-01', daysWaiting: 10 }]);
        expect(await listAt(db, '2026-04-01T00:00:00.000Z')).toEqual([]);
        expect((await listAt(db, '2026-04-01T00:00:00.000Z', null)).map((row) => [row.team, row.daysWaiting])).toEqual([['wijkteam-zuid', 30]]);
      });
  });

  it('given a referral accepted off the list, when its waitlisting is delivered again, then it stays off the list', async () => {
    await spec
      .given([waitlisted(1, 'regular', '2026-03-01T10:00:00.000Z'), accepted(1, '2026-03-02T10:00:00.000Z')])
      .when([{ ...waitlisted(1, 'regular', '2026-03-01T10:00:00.000Z'), id: eventId(1) }])
      .then(async (db) => {
        expect(await listAt(db, '2026-03-03T00:00:00.000Z')).toEqual([]);
        expect((await listAt(db, '2026-03-01T12:00:00.000Z')).map((row) => row.referralId)).toEqual([referral(1)]);
      });
  });

  it('given a referral accepted without ever being waitlisted, then nothing is listed; one of before teams were named is unattributed', async () => {
    await spec
      .given([accepted(1, '2026-03-02T10:00:00.000Z')])
      .when([waitlisted(2, 'urgent', '2026-03-02T10:00:00.000Z', null)])
      .then(async (db) => {
        expect(await listAt(db, '2026-03-03T00:00:00.000Z')).toEqual([]);
        expect((await listAt(db, '2026-03-03T00:00:00.000Z', null)).map((row) => [row.team, row.referralId])).toEqual([['unattributed', referral(2)]]);
      });
  });
});
