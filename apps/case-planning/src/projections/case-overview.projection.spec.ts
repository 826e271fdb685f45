import { projectionSpec } from '@wijkteam/testing';
import type { EntityManager } from 'typeorm';
import { caseFileStream } from '../domain/case-file';
import { CaseOverviewFiles, CaseOverviewPeople, caseOverviewProjection } from './case-overview.projection';

const caseFileId = '0190a000-0000-7000-8000-0000000000f1';
const child = '0190a000-0000-7000-8000-00000000c001';
const at = '2027-01-05T09:00:00.000Z';
const onFile = (type: string, data: Record<string, unknown>) => ({ streamName: caseFileStream(caseFileId), type, data: { caseFileId, ...data } });
const opened = onFile('CaseFileOpened', { clientId: child, referralId: '0190a000-0000-7000-8000-0000000000a1', teamId: 'wijkteam-noord', route: 'jgz', childIds: [child], familyMemberIds: [], openedAt: at });
const coaches = onFile('CaseCoachesAssigned', { coachIds: ['coach-noord-1', 'coach-noord-2'], firstVisitDue: '2027-01-19', assignedAt: at });
const director = onFile('CaseDirectorAssigned', { directorId: 'coach-noord-1', directorKind: 'coach', previousDirectorId: null, reason: 'case_conference', assignedAt: at });
const transferred = (toDirectorId: string, toDirectorKind: string) =>
  onFile('CaseDirectionTransferred', { fromDirectorId: 'coach-noord-1', fromDirectorKind: 'coach', toDirectorId, toDirectorKind, reason: 'dwang_drang', decision: 'consensus', decidedBy: 'coach-noord-1', decidedByRole: 'coach', onBehalfOf: null, consentDecisionId: null, transferredAt: at });

const spec = projectionSpec(caseOverviewProjection);
const fileOf = (tx: EntityManager) => tx.findOneBy(CaseOverviewFiles, { caseFileId });
const peopleOf = async (tx: EntityManager) => (await tx.findBy(CaseOverviewPeople, { caseFileId })).map((row) => row.userId).sort();

describe('case_overview projection', () => {
  it('given an opened file, when coaches and a director are assigned, then both are on the file, with the first-visit deadline', () =>
    spec
      .given([opened])
      .when([coaches, director])
      .then(async (tx) => {
        expect(await fileOf(tx)).toMatchObject({ status: 'open', teamId: 'wijkteam-noord', directorId: 'coach-noord-1', firstVisitDue: '2027-01-19' });
        expect(await peopleOf(tx)).toEqual(['coach-noord-1', 'coach-noord-2']);
      }));

  it('given a coach directing, when direction goes to the GI, then the GI is director but nobody new is "on the file"', () =>
    spec
      .given([opened, director])
      .when([transferred('gi-west', 'certified_institution')])
      .then(async (tx) => {
        expect(await fileOf(tx)).toMatchObject({ directorId: 'gi-west', directorKind: 'certified_institution' });
        expect(await peopleOf(tx)).toEqual([]);
      }));

  it('given a closure with a waakvlam, when it is reviewed and the file reopens, then the review date follows and clears', async () => {
    const closed = onFile('CaseFileClosed', { clientId: child, reason: 'goals_reached_waakvlam', informed: [], referredTo: 'none', closedAt: at });
    const watched = onFile('WaakvlamStarted', { clientId: child, monitoredBy: 'coach-noord-1', reviewOn: '2027-03-01', startedAt: at });
    await spec.given([opened]).when([closed, watched]).then(async (tx) => expect(await fileOf(tx)).toMatchObject({ status: 'closed', waakvlamReviewOn: '2027-03-01' }));
    await spec
      .given([opened, closed, watched])
      .when([onFile('WaakvlamReviewed', { outcome: 'continue_monitoring', nextReviewOn: '2027-06-01', reviewedBy: 'coach-noord-1', reviewedAt: at })])
      .then(async (tx) => expect((await fileOf(tx))?.waakvlamReviewOn).toBe('2027-06-01'));
    await spec
      .given([opened, closed, watched])
      .when([onFile('CaseFileReopened', { clientId: child, reason: 'waakvlam_signal', reopenedAt: at })])
      .then(async (tx) => expect(await fileOf(tx)).toMatchObject({ status: 'open', waakvlamReviewOn: null }));
  });
});
