import { type GivenEvent, projectionSpec } from '@wijkteam/testing';
import { referralStream } from '../domain/referral';
import { CaseFileStatusFiles } from './case-file-status.projection';
import { CaseloadCoaches, caseloadOf, caseloadProjection } from './caseload.projection';

const first = '0193a5b2-7c1e-7000-8000-0000000000a1';
const second = '0193a5b2-7c1e-7000-8000-0000000000a2';
const third = '0193a5b2-7c1e-7000-8000-0000000000a3';
const caseFileOf: Record<string, string> = {
  [first]: '0193a5b2-7c1e-7000-8000-0000000000f1',
  [second]: '0193a5b2-7c1e-7000-8000-0000000000f2',
  [third]: '0193a5b2-7c1e-7000-8000-0000000000f3',
};
const at = '2026-03-02T09:00:00.000Z';
const teamId = 'wijkteam-noord';

const assigned = (referralId: string, ...coachIds: string[]): GivenEvent => ({
  streamName: referralStream(referralId),
  type: 'CoachesAssigned',
  data: { referralId, clientId: referralId, teamId, coachIds, decidedBy: 'coordinator-1', conferenceDate: '2026-03-02', firstVisitDue: '2026-03-16', decidedAt: at },
});
const accepted = (referralId: string): GivenEvent => ({
  streamName: referralStream(referralId),
  type: 'ReferralAccepted',
  data: { referralId, clientId: referralId, caseFileId: caseFileOf[referralId], teamId, route: 'jgz', childIds: [referralId], familyMemberIds: [], rulesVersion: '1', conditions: [], decidedAt: at },
});
const declined = (referralId: string): GivenEvent => ({
  streamName: referralStream(referralId),
  type: 'ReferralDeclined',
  data: { referralId, teamId, reason: 'better_served_by_network', redirect: 'own_network', rulesVersion: '1', decidedAt: at },
});
const removed = (referralId: string, reason: string): GivenEvent => ({
  streamName: referralStream(referralId),
  type: 'ReferralRemovedFromWaitingList',
  data: { referralId, teamId, reason, decidedAt: at },
});

// The case-file status read model is bus-fed and lives in the same database: the spec adds its table.
const withCaseFiles = { ...caseloadProjection, tables: [...caseloadProjection.tables, CaseFileStatusFiles] };
const spec = projectionSpec(withCaseFiles);
const coaches = ['coach-1', 'coach-2', 'coach-3'];
const caseloads = async (db: Parameters<typeof caseloadOf>[0]) => Object.fromEntries(await caseloadOf(db, coaches));

describe('caseload projection', () => {
  it('counts the referrals a coach carries, one family each', async () => {
    await spec
      .given([assigned(first, 'coach-1', 'coach-2'), accepted(first)])
      .when([assigned(second, 'coach-1')])
      .then(async (db) => expect(await caseloads(db)).toEqual({ 'coach-1': 2, 'coach-2': 1 }));
  });

  it('a new assignment replaces the coaches of the referral', async () => {
    await spec
      .given([assigned(first, 'coach-1', 'coach-2')])
      .when([assigned(first, 'coach-3')])
      .then(async (db) => {
        expect(await caseloads(db)).toEqual({ 'coach-3': 1 });
        expect(await db.findBy(CaseloadCoaches, { referralId: first })).toEqual([{ referralId: first, coachId: 'coach-3' }]);
      });
  });

  it('keeps the case file across a reassignment: its closure still ends the caseload', async () => {
    await spec
      .given([accepted(first), assigned(first, 'coach-1')])
      .when([assigned(first, 'coach-2')])
      .then(async (db) => {
        expect(await caseloads(db)).toEqual({ 'coach-2': 1 });
        await db.save(CaseFileStatusFiles, { caseFileId: caseFileOf[first], clientId: first, status: 'closed', closureReason: 'goals_achieved', changedAt: at, eventOrder: '1' });
        expect(await caseloads(db)).toEqual({});
      });
  });

  it('leaves out referrals whose case file is closed, counts those open or reopened', async () => {
    await spec
      .given([assigned(first, 'coach-1'), accepted(first), assigned(second, 'coach-1'), accepted(second)])
      .when([assigned(third, 'coach-1'), accepted(third)])
      .then(async (db) => {
        expect(await caseloads(db)).toEqual({ 'coach-1': 3 });
        const file = (referralId: string, status: 'open' | 'closed') => ({ caseFileId: caseFileOf[referralId], clientId: referralId, status, closureReason: null, changedAt: at, eventOrder: '1' });
        await db.save(CaseFileStatusFiles, [file(first, 'closed'), file(second, 'open')]);
        expect(await caseloads(db)).toEqual({ 'coach-1': 2 });
        await db.save(CaseFileStatusFiles, file(first, 'open'));
        expect(await caseloads(db)).toEqual({ 'coach-1': 3 });
      });
  });

  it('a declined referral ends its rows', async () => {
    await spec
      .given([assigned(first, 'coach-1'), assigned(second, 'coach-1')])
      .when([declined(first)])
      .then(async (db) => expect(await caseloads(db)).toEqual({ 'coach-1': 1 }));
  });

  it('off the waiting list for good ends the rows; because capacity came free keeps them', async () => {
    await spec
      .given([assigned(first, 'coach-1'), assigned(second, 'coach-2')])
      .when([removed(first, 'helped_elsewhere'), removed(second, 'capacity_available')])
      .then(async (db) => expect(await caseloads(db)).toEqual({ 'coach-2': 1 }));
  });

  it('an outcome without coaches counts for nobody', async () => {
    await spec
      .given([accepted(first)])
      .when([declined(second)])
      .then(async (db) => expect(await caseloads(db)).toEqual({}));
  });

  it('answers nothing for no coaches', async () => {
    await spec
      .given([assigned(first, 'coach-1')])
      .when([])
      .then(async (db) => expect((await caseloadOf(db, [])).size).toBe(0));
  });
});
