import { deciderSpec } from '@wijkteam/testing';
import { type CaseFileEvent, caseFileDecider } from './case-file';

const spec = deciderSpec(caseFileDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const at = '2026-11-23T09:00:00.000Z';
const opened = (route = 'jgz'): CaseFileEvent => ({
  type: 'CaseFileOpened',
  data: { caseFileId, clientId: 'client-1', referralId: 'referral-1', route, openedAt: at },
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
});
