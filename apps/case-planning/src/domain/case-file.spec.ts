import { deciderSpec } from '@wijkteam/testing';
import { type CaseFileEvent, caseFileDecider, type ClosureReason } from './case-file';

const spec = deciderSpec(caseFileDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const at = '2026-11-23T09:00:00.000Z';
const opened = (route = 'jgz'): CaseFileEvent => ({
  type: 'CaseFileOpened',
  data: { caseFileId, clientId: 'client-1', referralId: 'referral-1', teamId: 'wijkteam-noord', route, childIds: ['client-1'], familyMemberIds: [], openedAt: at },
});
const assigned = (directorId: string, previousDirectorId: string | null): CaseFileEvent => ({
  type: 'CaseDirectorAssigned',
  data: { caseFileId, directorId, directorKind: 'coach', previousDirectorId, reason: 'case_conference', assignedAt: at },
});

describe('case file decider', () => {
  it('opens a case file', () => {
    spec.given([]).when({ type: 'OpenCaseFile', data: opened().data as never }).then([opened()]);
  });

  it('refuses to open a file twice', () => {
    spec.given([opened()]).when({ type: 'OpenCaseFile', data: opened().data as never }).thenRejects('case_file_already_open');
  });

  it('assigns the first case director', () => {
    spec
      .given([opened()])
      .when({ type: 'AssignCaseDirector', data: { directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference', assignedAt: at } })
      .then([assigned('coach-noord-1', null)]);
  });

  it('records the previous director on every change of direction', () => {
    spec
      .given([opened(), assigned('coach-noord-1', null)])
      .when({ type: 'AssignCaseDirector', data: { directorId: 'coach-noord-2', directorKind: 'coach', reason: 'case_conference', assignedAt: at } })
      .then([assigned('coach-noord-2', 'coach-noord-1')]);
  });

  it('refuses a change that changes nothing', () => {
    spec
      .given([opened(), assigned('coach-noord-1', null)])
      .when({ type: 'AssignCaseDirector', data: { directorId: 'coach-noord-1', directorKind: 'coach', reason: 'capacity', assignedAt: at } })
      .thenRejects('director_unchanged');
  });

  // seed 000: under dwang/drang case direction stays with the GI
  it('keeps direction with the certified institution on that route', () => {
    spec
      .given([opened('certified_institution')])
      .when({ type: 'AssignCaseDirector', data: { directorId: 'coach-noord-1', directorKind: 'coach', reason: 'case_conference', assignedAt: at } })
      .thenRejects('case_direction_stays_with_certified_institution', 'directorKind');
  });

  it('cannot assign on an unknown file', () => {
    spec
      .given([])
      .when({ type: 'AssignCaseDirector', data: { directorId: 'x', directorKind: 'coach', reason: 'case_conference', assignedAt: at } })
      .thenRejects('case_file_not_found');
  });

  describe('closure and reopening (the retention clock, Jeugdwet art. 7.3.8)', () => {
    const later = '2027-05-01T12:00:00.000Z';
    const closed = (reason: ClosureReason = 'goals_reached_closed'): CaseFileEvent => ({
      type: 'CaseFileClosed',
      data: { caseFileId, clientId: 'client-1', reason, closedAt: later },
    });

    it('closes an open file with a reason from the seed 000 list', () => {
      spec.given([opened()]).when({ type: 'CloseCaseFile', data: { reason: 'goals_reached_closed', closedAt: later } }).then([closed()]);
    });

    it('refuses a reason outside the list, naming the field', () => {
      spec.given([opened()]).when({ type: 'CloseCaseFile', data: { reason: 'bored' as never, closedAt: later } }).thenRejects('unknown_closure_reason', 'reason');
    });

    it('refuses a closure dated before the opening', () => {
      spec.given([opened()]).when({ type: 'CloseCaseFile', data: { reason: 'goals_reached_closed', closedAt: '2020-01-01T00:00:00.000Z' } }).thenRejects('closed_before_opened', 'closedAt');
    });

    it('refuses to close twice, or to close an unknown file', () => {
      spec.given([opened(), closed()]).when({ type: 'CloseCaseFile', data: { reason: 'goals_reached_closed', closedAt: later } }).thenRejects('case_file_already_closed');
      spec.given([]).when({ type: 'CloseCaseFile', data: { reason: 'goals_reached_closed', closedAt: later } }).thenRejects('case_file_not_found');
    });

    it('does not change direction on a closed file', () => {
      spec
        .given([opened(), closed()])
        .when({ type: 'AssignCaseDirector', data: { directorId: 'coach-noord-2', directorKind: 'coach', reason: 'capacity', assignedAt: later } })
        .thenRejects('case_file_closed');
    });

    it('reopens a closed file (the clock stops), and only a closed one', () => {
      const reopenedAt = '2027-06-01T08:00:00.000Z';
      spec
        .given([opened(), closed()])
        .when({ type: 'ReopenCaseFile', data: { reason: 'waakvlam_signal', reopenedAt } })
        .then([{ type: 'CaseFileReopened', data: { caseFileId, clientId: 'client-1', reason: 'waakvlam_signal', reopenedAt } }]);
      spec.given([opened()]).when({ type: 'ReopenCaseFile', data: { reason: 'waakvlam_signal', reopenedAt } }).thenRejects('case_file_not_closed');
      spec
        .given([opened(), closed()])
        .when({ type: 'ReopenCaseFile', data: { reason: 'waakvlam_signal', reopenedAt: at } })
        .thenRejects('reopened_before_closed', 'reopenedAt');
    });

    it('can be closed again after a reopening', () => {
      const reopened: CaseFileEvent = { type: 'CaseFileReopened', data: { caseFileId, clientId: 'client-1', reason: 'new_help_request', reopenedAt: later } };
      spec.given([opened(), closed(), reopened]).when({ type: 'CloseCaseFile', data: { reason: 'goals_reached_waakvlam', closedAt: later } }).then([closed('goals_reached_waakvlam')]);
    });
  });
});
