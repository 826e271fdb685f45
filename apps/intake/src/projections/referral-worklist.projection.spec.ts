import type { JsonObject } from '@wijkteam/event-store';
import { projectionSpec } from '@wijkteam/testing';
import type { EntityManager } from 'typeorm';
import { referralStream } from '../domain/referral';
import { ReferralWorklistCoaches, ReferralWorklistReferrals, type ReferralWorklistRow, referralWorklistProjection } from './referral-worklist.projection';

const referral = '0190a000-0000-7000-8000-0000000000a1';
const other = '0190a000-0000-7000-8000-0000000000a2';
const child = '0190a000-0000-7000-8000-00000000c001';
const sibling = '0190a000-0000-7000-8000-00000000c002';
const parent = '0190a000-0000-7000-8000-00000000f001';
const receivedAt = '2026-12-01T09:00:00.000Z';
const decidedAt = '2026-12-03T14:00:00.000Z';

const event = (type: string, data: JsonObject, referralId = referral) => ({ streamName: referralStream(referralId), type, data: { referralId, ...data } });

const sealed = { $sealed: 'AAAA' };
const received = (referralId = referral, extra: JsonObject = {}) =>
  event(
    'ReferralReceived',
    {
      clientId: child, teamId: 'wijkteam-noord', channel: 'phone', route: 'self_referral', deEscalationFrom: null, childIds: [child, sibling],
      familyMembers: [{ clientId: parent, relation: 'parent' }], etmIndication: 3, intellectualDisability: false, warmHandover: null, clientConsented: null,
      inCareWith: 'unknown', caseDirectionStaysWithReferrer: null, coachSafetyConcern: null, receivedAt,
      client: sealed, referrer: sealed, helpQuestion: sealed, themes: sealed, ...extra,
    },
    referralId,
  );
const personRecorded = event('ReferralPersonRecorded', { clientId: sibling, role: 'child', relation: null, person: sealed });
const careHistoryChecked = event('CareHistoryChecked', { matches: [], checkedAt: receivedAt });
const eligibilityAssessed = event('EligibilityAssessed', { answers: { adds_value: true }, rulesVersion: 'r1', result: 'eligible', conditions: [], assessedBy: 'coach-noord-1', assessedAt: decidedAt });
const markedInDoubt = event('ReferralMarkedInDoubt', { reason: 'eligibility_unclear', markedAt: decidedAt });
const doubtResolved = event('ReferralDoubtResolved', { resolvedAt: decidedAt });
const markedForDiscussion = event('ReferralMarkedForDiscussion', { markedAt: decidedAt });
const coachesAssigned = (coachIds: string[]) =>
  event('CoachesAssigned', { clientId: child, teamId: 'wijkteam-noord', coachIds, decidedBy: 'coordinator-1', conferenceDate: '2026-12-03', firstVisitDue: '2026-12-15', decidedAt });
const accepted = event('ReferralAccepted', { clientId: child, caseFileId: '0190a000-0000-7000-8000-0000000000f1', teamId: 'wijkteam-noord', route: 'self_referral', childIds: [child, sibling], familyMemberIds: [parent], rulesVersion: 'r1', conditions: [], decidedAt });
const declined = event('ReferralDeclined', { teamId: 'wijkteam-noord', reason: 'eligibility_not_met', redirect: 'own_network', rulesVersion: 'r1', decidedAt });
const waitlisted = (priority: 'urgent' | 'regular') => event('ReferralWaitlisted', { teamId: 'wijkteam-noord', priority, decidedAt });
const removed = (reason: string) => event('ReferralRemovedFromWaitingList', { teamId: 'wijkteam-noord', reason, decidedAt: '2026-12-10T08:00:00.000Z' });

const spec = projectionSpec(referralWorklistProjection);
const rowOf = (tx: EntityManager, referralId = referral) => tx.findOneBy(ReferralWorklistReferrals, { referralId });
const coachesOf = async (tx: EntityManager, referralId = referral) => (await tx.findBy(ReferralWorklistCoaches, { referralId })).map((row) => row.coachId).sort();

const freshRow: ReferralWorklistRow = {
  referralId: referral, teamId: 'wijkteam-noord', clientId: child, childIds: JSON.stringify([child, sibling]), route: 'self_referral', channel: 'phone',
  status: 'received', priority: null, priorityRank: null, etmIndication: 3, receivedAt, waitlistedAt: null, inDoubt: null, markedForDiscussion: false,
  coachIds: '[]', firstVisitDue: null, caseFileId: null, decidedAt: null,
};

describe('referral_worklist projection', () => {
  it('given nothing, when a referral is received, then its row holds ids, codes and dates, status received, no coaches', () =>
    spec.given([]).when([received()]).then(async (tx) => {
      expect(await rowOf(tx)).toEqual(freshRow);
      expect(await tx.count(ReferralWorklistCoaches)).toBe(0);
    }));

  it('never copies a sealed personal field into the row', () =>
    spec.given([]).when([received(), personRecorded]).then(async (tx) => {
      expect(JSON.stringify(await tx.find(ReferralWorklistReferrals))).not.toContain('$sealed');
    }));

  it('given a referral of before issue 13 (no team, no children list), when received, then the team is null and the child is the one client', () =>
    spec.given([]).when([received(referral, { teamId: undefined as never, childIds: undefined as never })]).then(async (tx) => {
      expect(await rowOf(tx)).toMatchObject({ teamId: null, childIds: JSON.stringify([child]) });
    }));

  it('given a referral, when a person is recorded, the care history checked and eligibility assessed, then its row is unchanged', () =>
    spec.given([received()]).when([personRecorded, careHistoryChecked, eligibilityAssessed]).then(async (tx) => {
      expect(await rowOf(tx)).toEqual(freshRow);
    }));

  it('given a referral, when marked in doubt, then the row names the reason; when resolved, then it is null again', async () => {
    await spec.given([received()]).when([markedInDoubt]).then(async (tx) => {
      expect((await rowOf(tx))?.inDoubt).toBe('eligibility_unclear');
    });
    await spec.given([received(), markedInDoubt]).when([doubtResolved]).then(async (tx) => {
      expect((await rowOf(tx))?.inDoubt).toBeNull();
    });
  });

  it('given a referral, when marked for discussion, then the row says so', () =>
    spec.given([received()]).when([markedForDiscussion]).then(async (tx) => {
      expect((await rowOf(tx))?.markedForDiscussion).toBe(true);
    }));

  it('given a referral marked for discussion, when coaches are assigned, then the row and the coach table name them and it is off the agenda', () =>
    spec.given([received(), markedForDiscussion]).when([coachesAssigned(['coach-noord-1', 'coach-noord-2'])]).then(async (tx) => {
      expect(await rowOf(tx)).toMatchObject({ coachIds: JSON.stringify(['coach-noord-1', 'coach-noord-2']), firstVisitDue: '2026-12-15', markedForDiscussion: false, status: 'received' });
      expect(await coachesOf(tx)).toEqual(['coach-noord-1', 'coach-noord-2']);
    }));

  it('given coaches assigned, when others are assigned, then the coach table holds only the new ones', () =>
    spec.given([received(), coachesAssigned(['coach-noord-1', 'coach-noord-2'])]).when([coachesAssigned(['coach-noord-2'])]).then(async (tx) => {
      expect(await coachesOf(tx)).toEqual(['coach-noord-2']);
      expect((await rowOf(tx))?.coachIds).toBe(JSON.stringify(['coach-noord-2']));
    }));

  it('given a referral, when accepted, then status accepted with its case file and decision date', () =>
    spec.given([received()]).when([accepted]).then(async (tx) => {
      expect(await rowOf(tx)).toMatchObject({ status: 'accepted', caseFileId: '0190a000-0000-7000-8000-0000000000f1', decidedAt });
    }));

  it('given a referral, when declined, then status declined with its decision date', () =>
    spec.given([received()]).when([declined]).then(async (tx) => {
      expect(await rowOf(tx)).toMatchObject({ status: 'declined', decidedAt, caseFileId: null });
    }));

  it('given a referral, when waitlisted, then status waitlisted with its priority and the date it was put on the list', () =>
    spec.given([received()]).when([waitlisted('urgent')]).then(async (tx) => {
      expect(await rowOf(tx)).toMatchObject({ status: 'waitlisted', priority: 'urgent', priorityRank: 0, waitlistedAt: decidedAt, decidedAt: null });
    }));

  it('given a waitlisted referral, when removed because capacity came free, then it is received again', () =>
    spec.given([received(), waitlisted('regular')]).when([removed('capacity_available')]).then(async (tx) => {
      expect(await rowOf(tx)).toMatchObject({ status: 'received', waitlistedAt: null, decidedAt: null });
    }));

  it('given a waitlisted referral, when removed for any other reason, then it is withdrawn', () =>
    spec.given([received(), waitlisted('regular')]).when([removed('withdrawn_by_client')]).then(async (tx) => {
      expect(await rowOf(tx)).toMatchObject({ status: 'withdrawn', waitlistedAt: null, decidedAt: '2026-12-10T08:00:00.000Z' });
    }));

  it('given nothing, when one batch holds a whole history of two referrals, then each row folds only its own stream', () =>
    spec.given([]).when([received(), received(other), markedInDoubt, waitlisted('urgent'), event('ReferralDeclined', { teamId: 'wijkteam-noord', reason: 'eligibility_not_met', redirect: 'own_network', rulesVersion: 'r1', decidedAt }, other)]).then(async (tx) => {
      expect(await rowOf(tx)).toMatchObject({ status: 'waitlisted', inDoubt: 'eligibility_unclear', priority: 'urgent' });
      expect(await rowOf(tx, other)).toMatchObject({ status: 'declined', inDoubt: null });
    }));

  it('given nothing, when an event arrives for a referral it never saw received, then it leaves no row', () =>
    spec.given([]).when([markedForDiscussion]).then(async (tx) => {
      expect(await tx.count(ReferralWorklistReferrals)).toBe(0);
    }));

  it('given events of another stream category, when projected, then they leave no row', () =>
    spec.given([]).when([{ ...received(), streamName: `intake.accessLog-${child}` }]).then(async (tx) => {
      expect(await tx.count(ReferralWorklistReferrals)).toBe(0);
    }));
});
