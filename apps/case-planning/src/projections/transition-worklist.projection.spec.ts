import { projectionSpec } from '@wijkteam/testing';
import type { EntityManager } from 'typeorm';
import { caseFileStream } from '../domain/case-file';
import { transitionStream } from '../domain/transition';
import { TransitionWorklistFiles, TransitionWorklistYouths, transitionWorklistProjection } from './transition-worklist.projection';

const caseFileId = '0190a000-0000-7000-8000-0000000000f1';
const child = '0190a000-0000-7000-8000-00000000c001';
const sibling = '0190a000-0000-7000-8000-00000000c002';
const at = '2027-01-05T09:00:00.000Z';

const onFile = (type: string, data: Record<string, unknown>) => ({ streamName: caseFileStream(caseFileId), type, data: { caseFileId, ...data } });
const onTransition = (type: string, data: Record<string, unknown>) => ({ streamName: transitionStream(caseFileId), type, data: { caseFileId, ...data } });
const opened = onFile('CaseFileOpened', { clientId: child, referralId: '0190a000-0000-7000-8000-0000000000a1', teamId: 'wijkteam-noord', route: 'jgz', childIds: [child, sibling], familyMemberIds: [], openedAt: at });

const spec = projectionSpec(transitionWorklistProjection);
const fileOf = (tx: EntityManager) => tx.findOneBy(TransitionWorklistFiles, { caseFileId });
const youthOf = (tx: EntityManager, clientId = child) => tx.findOneBy(TransitionWorklistYouths, { caseFileId, clientId });

describe('transition_worklist projection', () => {
  it('given nothing, when a file opens, then its team and youths are held, open, nobody on it yet', () =>
    spec.given([]).when([opened]).then(async (tx) => {
      expect(await fileOf(tx)).toEqual({ caseFileId, teamId: 'wijkteam-noord', status: 'open', childIds: JSON.stringify([child, sibling]), directorId: null, coachIds: '[]' });
    }));

  it('given an open file, when coaches and a director are assigned, then both are held', () =>
    spec
      .given([opened])
      .when([
        onFile('CaseCoachesAssigned', { coachIds: ['coach-noord-1', 'coach-noord-2'], firstVisitDue: '2027-01-19', assignedAt: at }),
        onFile('CaseDirectorAssigned', { directorId: 'coach-noord-2', directorKind: 'coach', previousDirectorId: null, reason: 'case_conference', assignedAt: at }),
      ])
      .then(async (tx) => expect(await fileOf(tx)).toMatchObject({ coachIds: JSON.stringify(['coach-noord-1', 'coach-noord-2']), directorId: 'coach-noord-2' })));

  it('given a director, when direction is transferred, then the new director is on the file', () =>
    spec
      .given([opened, onFile('CaseDirectorAssigned', { directorId: 'coach-noord-2', directorKind: 'coach', previousDirectorId: null, reason: 'case_conference', assignedAt: at })])
      .when([onFile('CaseDirectionTransferred', { fromDirectorId: 'coach-noord-2', fromDirectorKind: 'coach', toDirectorId: 'coach-noord-1', toDirectorKind: 'coach', reason: 'capacity', decision: 'consensus', decidedBy: 'coach-noord-2', decidedByRole: 'coach', onBehalfOf: null, consentDecisionId: null, transferredAt: at })])
      .then(async (tx) => expect((await fileOf(tx))?.directorId).toBe('coach-noord-1')));

  it('given an open file, when it closes and reopens, then the status follows', async () => {
    const closed = onFile('CaseFileClosed', { clientId: child, reason: 'goals_reached_closed', closedAt: at });
    await spec.given([opened]).when([closed]).then(async (tx) => expect((await fileOf(tx))?.status).toBe('closed'));
    await spec.given([opened, closed]).when([onFile('CaseFileReopened', { clientId: child, reason: 'new_help_request', reopenedAt: at })]).then(async (tx) => expect((await fileOf(tx))?.status).toBe('open'));
  });

  it('given an open file, when the question is recorded for one youth and the handover moves on, then that youth shows it, the other nothing', () =>
    spec
      .given([opened])
      .when([
        onTransition('TransitionQuestionRecorded', { clientId: child, helpMustContinue: true, continuation: 'handover_to_adult_team', askedOn: '2027-01-05', beforeEighteenthBirthday: true, recordedBy: 'coach-noord-1', recordedAt: at }),
        onTransition('WarmHandoverRefused', { clientId: child, stage: 'proposal', denialReason: 'no_consent', decisionId: '0190a000-0000-7000-8000-0000000000d1', refusedAt: at }),
        onTransition('WarmHandoverProposed', { clientId: child, adultTeamColleagueId: 'volwassenenteam-1', dataCategories: ['help_request'], decisionId: '0190a000-0000-7000-8000-0000000000d2', consentId: null, proposedBy: 'coach-noord-1', proposedAt: at }),
      ])
      .then(async (tx) => {
        expect(await youthOf(tx)).toEqual({ caseFileId, clientId: child, questionRecorded: true, handoverStatus: 'proposed' });
        expect(await youthOf(tx, sibling)).toBeNull();
      }));

  it('given a proposal, when the conversation is held and the handover completes, then it shows completed', () =>
    spec
      .given([opened, onTransition('WarmHandoverProposed', { clientId: child, adultTeamColleagueId: 'volwassenenteam-1', dataCategories: ['help_request'], decisionId: '0190a000-0000-7000-8000-0000000000d2', consentId: null, proposedBy: 'coach-noord-1', proposedAt: at })])
      .when([
        onTransition('WarmHandoverConversationHeld', { clientId: child, heldOn: '2027-01-05', youthCoachId: 'coach-noord-1', adultTeamColleagueId: 'volwassenenteam-1', recordedAt: at }),
        onTransition('WarmHandoverCompleted', { clientId: child, adultTeamColleagueId: 'volwassenenteam-1', dataCategories: ['help_request'], decisionId: '0190a000-0000-7000-8000-0000000000d3', consentId: null, completedBy: 'coach-noord-1', completedAt: at }),
      ])
      .then(async (tx) => expect(await youthOf(tx)).toMatchObject({ questionRecorded: false, handoverStatus: 'completed' })));
});
