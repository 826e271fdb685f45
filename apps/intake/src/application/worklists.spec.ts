import { openProjectionDatabase, type ProjectionHost } from '@wijkteam/projections';
import type { DataSource } from 'typeorm';
import { ReferralWorklistCoaches, ReferralWorklistReferrals, type ReferralWorklistRow, referralWorklistProjection } from '../projections/referral-worklist.projection';
import { daysWaitingOf, Worklists } from './worklists';

const id = (n: number) => `0190a000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const row = (n: number, extra: Partial<ReferralWorklistRow> = {}): ReferralWorklistRow => ({
  referralId: id(0xa00 + n), teamId: 'wijkteam-noord', clientId: id(0xc00 + n), childIds: JSON.stringify([id(0xc00 + n)]), route: 'self_referral', channel: 'phone',
  status: 'received', priority: null, priorityRank: null, etmIndication: null, receivedAt: '2026-12-01T08:00:00.000Z', waitlistedAt: null, inDoubt: null, markedForDiscussion: false,
  coachIds: '[]', firstVisitDue: null, caseFileId: null, decidedAt: null, ...extra,
});
const all = { page: 1, pageSize: 100 };

describe('Worklists (over the referral_worklist tables)', () => {
  let db: DataSource;
  let worklists: Worklists;
  const given = async (...rows: ReferralWorklistRow[]) => {
    await db.getRepository(ReferralWorklistCoaches).clear();
    await db.getRepository(ReferralWorklistReferrals).clear();
    await db.getRepository(ReferralWorklistReferrals).insert(rows);
  };
  const idsOf = (page: { items: { referralId: string }[] }) => page.items.map((item) => Number.parseInt(item.referralId.slice(-3), 16) - 0xa00);

  beforeAll(async () => {
    db = await openProjectionDatabase('sqlite::memory:', referralWorklistProjection.tables);
    worklists = new Worklists({ db } as unknown as ProjectionHost);
  });
  afterAll(() => db.destroy());

  it('the agenda window is [previous conference, conference): a referral at 00:00 of the previous conference day is on it, one at 00:00 of the conference day is not', async () => {
    await given(
      row(1, { receivedAt: '2026-11-29T23:59:59.999Z' }),
      row(2, { receivedAt: '2026-11-30T00:00:00.000Z' }),
      row(3, { receivedAt: '2026-12-02T23:59:59.999Z' }),
      row(4, { receivedAt: '2026-12-03T00:00:00.000Z' }),
      row(5, { receivedAt: '2026-12-01T10:00:00.000Z', coachIds: '["coach-noord-1"]' }),
      row(6, { receivedAt: '2026-11-01T10:00:00.000Z', status: 'waitlisted', priority: 'regular', priorityRank: 1, markedForDiscussion: true }),
      row(7, { receivedAt: '2026-11-01T11:00:00.000Z', status: 'accepted', markedForDiscussion: true }),
      row(8, { receivedAt: '2026-12-01T10:00:00.000Z', teamId: 'wijkteam-zuid' }),
    );
    const agenda = await worklists.caseConference('wijkteam-noord', { date: '2026-12-03', previousDate: '2026-11-30' }, {}, all);
    expect(idsOf(agenda)).toEqual([6, 2, 3]);
    expect(agenda.total).toBe(3);
  });

  it('filters every list by route, and the waiting list by priority; ties in time keep a stable order by id', async () => {
    await given(
      row(1, { status: 'waitlisted', priority: 'regular', priorityRank: 1, route: 'jgz' }),
      row(2, { status: 'waitlisted', priority: 'urgent', priorityRank: 0, route: 'veilig_thuis' }),
      row(3, { status: 'waitlisted', priority: 'regular', priorityRank: 1 }),
      row(4, { status: 'waitlisted', priority: 'urgent', priorityRank: 0 }),
    );
    const now = new Date('2026-12-04T07:59:59.000Z');
    expect(idsOf(await worklists.waitingList('wijkteam-noord', {}, all, now))).toEqual([2, 4, 1, 3]);
    expect(idsOf(await worklists.waitingList('wijkteam-noord', { priority: 'regular' }, all, now))).toEqual([1, 3]);
    expect(idsOf(await worklists.waitingList('wijkteam-noord', { route: 'jgz' }, all, now))).toEqual([1]);
    expect((await worklists.waitingList('wijkteam-noord', {}, all, now)).items[0].daysWaiting).toBe(2);
  });

  it('in doubt: open referrals only', async () => {
    await given(row(1, { inDoubt: 'other' }), row(2, { inDoubt: 'other', status: 'waitlisted', priority: 'regular', priorityRank: 1 }), row(3, { inDoubt: 'other', status: 'declined' }), row(4));
    expect(idsOf(await worklists.inDoubt('wijkteam-noord', {}, all))).toEqual([1, 2]);
  });

  it('my referrals: the coach\'s own, accepted too, not declined or withdrawn, first visit due first', async () => {
    await given(
      row(1, { firstVisitDue: '2026-12-20' }),
      row(2, { firstVisitDue: '2026-12-10', status: 'accepted' }),
      row(3, { firstVisitDue: '2026-12-01', status: 'withdrawn' }),
      row(4, { firstVisitDue: '2026-12-01' }),
    );
    await db.getRepository(ReferralWorklistCoaches).insert([1, 2, 3].map((n) => ({ referralId: id(0xa00 + n), coachId: 'coach-noord-1' })).concat({ referralId: id(0xa04), coachId: 'coach-noord-2' }));
    expect(idsOf(await worklists.myReferrals('wijkteam-noord', 'coach-noord-1', {}, all))).toEqual([2, 1]);
    expect(idsOf(await worklists.myReferrals('wijkteam-zuid', 'coach-noord-1', {}, all))).toEqual([]);
  });

  it('counts whole days since the referral, never below zero', () => {
    expect(daysWaitingOf('2026-12-01T08:00:00.000Z', new Date('2026-12-02T07:59:59.999Z'))).toBe(0);
    expect(daysWaitingOf('2026-12-01T08:00:00.000Z', new Date('2026-12-02T08:00:00.000Z'))).toBe(1);
    expect(daysWaitingOf('2026-12-01T08:00:00.000Z', new Date('2026-11-30T08:00:00.000Z'))).toBe(0);
  });
});
