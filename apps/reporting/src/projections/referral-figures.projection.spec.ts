import type { PublicEvent } from '@wijkteam/contracts';
import type { EntityManager } from 'typeorm';
import { busProjectionSpec, eventId } from '../../test/bus-projection-spec';
import { countReferral, ReferralCounts, referralFiguresProjection } from './referral-figures.projection';

const referral = (n: number) => `0193a5b2-7c1e-7000-8000-0000000000${n.toString().padStart(2, '0')}`;
const noord = 'wijkteam-noord';
const received = (n: number, route: string, receivedAt = '2026-03-02T09:00:00.000Z', teamId: string | null = noord) => ({
  type: 'ReferralReceived',
  data: { referralId: referral(n), clientId: referral(n), teamId, channel: 'phone', route, deEscalationFrom: null, childIds: [referral(n)], familyMembers: [], etmIndication: 3, intellectualDisability: false, receivedAt },
});
const decided = (type: string, n: number, decidedAt: string, extra: Record<string, unknown> = {}) => ({ type, data: { referralId: referral(n), teamId: noord, rulesVersion: '1', decidedAt, ...extra } });
const accepted = (n: number, decidedAt: string) => decided('ReferralAccepted', n, decidedAt, { clientId: referral(n), caseFileId: referral(n + 50), route: 'jgz', childIds: [referral(n)], familyMemberIds: [] });
const declined = (n: number, decidedAt: string) => decided('ReferralDeclined', n, decidedAt, { reason: 'better_served_by_network', redirect: 'own_network' });
const waitlisted = (n: number, decidedAt: string) => decided('ReferralWaitlisted', n, decidedAt, { priority: 'regular' });

const spec = busProjectionSpec(referralFiguresProjection, (tx, event) => countReferral(tx, event as PublicEvent<never>));
const counts = (db: EntityManager) => db.find(ReferralCounts, { order: { month: 'ASC', code: 'ASC', detail: 'ASC' } });

describe('reporting_referrals read model (bus-fed)', () => {
  it('given referrals received, when intake decides them, then each outcome counts per team, month and the route it came by', async () => {
    await spec
      .given([received(1, 'jgz'), received(2, 'jgz'), received(3, 'veilig_thuis', '2026-03-31T23:59:00.000Z')])
      .when([accepted(1, '2026-03-10T10:00:00.000Z'), waitlisted(2, '2026-03-10T10:00:00.000Z'), declined(3, '2026-04-01T08:00:00.000Z')])
      .then(async (db) =>
        expect(await counts(db)).toEqual([
          { team: noord, month: '2026-03', code: 'jgz', detail: 'accepted', count: 1 },
          { team: noord, month: '2026-03', code: 'jgz', detail: 'received', count: 2 },
          { team: noord, month: '2026-03', code: 'jgz', detail: 'waitlisted', count: 1 },
          { team: noord, month: '2026-03', code: 'veilig_thuis', detail: 'received', count: 1 },
          { team: noord, month: '2026-04', code: 'veilig_thuis', detail: 'declined', count: 1 },
        ]),
      );
  });

  it('given a counted decision, when it is delivered again, then it counts once', async () => {
    await spec
      .given([received(1, 'gosa'), waitlisted(1, '2026-03-10T10:00:00.000Z')])
      .when([{ ...waitlisted(1, '2026-03-10T10:00:00.000Z'), id: eventId(2) }])
      .then(async (db) => expect((await counts(db)).find((row) => row.detail === 'waitlisted')?.count).toBe(1));
  });

  it('given a referral of before teams were named, then it counts as unattributed, its decision under the team that took it', async () => {
    await spec
      .given([received(1, 'jgz', '2026-03-02T09:00:00.000Z', null)])
      .when([accepted(1, '2026-03-03T09:00:00.000Z')])
      .then(async (db) =>
        expect((await counts(db)).map(({ team, detail }) => [team, detail])).toEqual([
          [noord, 'accepted'],
          ['unattributed', 'received'],
        ]),
      );
  });
});
