import { deciderSpec } from '@wijkteam/testing';
import { type FirstVisitEvent, firstVisitDecider, type RecordFirstVisitData } from './first-visit';
import type { ZrmReference } from './zrm';

const reference: ZrmReference = { version: 'zrm-test-1', domains: [{ code: 'financien', label: 'Financiën' }, { code: 'huisvesting', label: 'Huisvesting' }] };
const spec = deciderSpec(firstVisitDecider(reference));
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const child = '0193a5b2-7c1e-7000-8000-00000000c001';
const parent = '0193a5b2-7c1e-7000-8000-00000000c002';

const command = (overrides: Partial<RecordFirstVisitData> = {}): { type: 'RecordFirstVisit'; data: RecordFirstVisitData } => ({
  type: 'RecordFirstVisit',
  data: {
    caseFileId,
    caseFile: { status: 'open', childIds: [child], familyMemberIds: [parent], referredAt: '2026-11-02T10:00:00.000Z', firstVisitDue: '2026-11-16' },
    coachIds: ['coach-noord-1', 'coach-noord-2'],
    familyPresent: [child, parent],
    location: 'home',
    explained: { wayOfWorking: true, privacy: true, complaintsProcedure: true },
    zrm: { financien: 3, huisvesting: 4 },
    etm: { assessmentId: '0193a5b2-7c1e-7000-8000-00000000e001', score: 2, secondAssessorId: 'coach-noord-2' },
    safetyAnalysisNeeded: false,
    sisaSignalDiscussed: true,
    caseDirector: { directorId: 'coach-noord-1', directorKind: 'coach' },
    heldOn: '2026-11-10',
    heldAt: '2026-11-10T15:00:00.000Z',
    ...overrides,
  },
});

const held = (overrides: Partial<RecordFirstVisitData> = {}, due = '2026-11-16', onTime = true): FirstVisitEvent => {
  const { caseFile: _caseFile, ...data } = command(overrides).data;
  return { type: 'FirstVisitHeld', data: { ...data, atHome: data.location === 'home', zrmVersion: 'zrm-test-1', due, onTime } };
};

describe('first visit decider', () => {
  it('records the first visit at home, by two coaches, on time, with the ZRM reference version', () => {
    spec.given([]).when(command()).then([held()]);
  });

  it('records one coach at the office: not at home', () => {
    spec.given([]).when(command({ coachIds: ['coach-noord-1'], location: 'office' })).then([held({ coachIds: ['coach-noord-1'], location: 'office' })]);
  });

  describe('the deadline (seed 000: within 2 weeks of the referral)', () => {
    it('is on time on the due day itself', () => {
      spec.given([]).when(command({ heldOn: '2026-11-16', heldAt: '2026-11-16T18:00:00.000Z' })).then([held({ heldOn: '2026-11-16', heldAt: '2026-11-16T18:00:00.000Z' })]);
    });

    it('is late the day after', () => {
      const late = { heldOn: '2026-11-17', heldAt: '2026-11-17T09:00:00.000Z' };
      spec.given([]).when(command(late)).then([held(late, '2026-11-16', false)]);
    });

    it('is referral + 14 days when the case conference set no date', () => {
      const caseFile = { status: 'open' as const, childIds: [child], familyMemberIds: [parent], referredAt: '2026-11-02T23:30:00.000Z' };
      const visit = { caseFile, heldOn: '2026-11-17', heldAt: '2026-11-17T09:00:00.000Z' };
      spec.given([]).when(command(visit)).then([held(visit, '2026-11-16', false)]);
    });
  });

  it('records one first visit per file', () => {
    spec.given([held()]).when(command()).thenRejects('first_visit_already_recorded');
  });

  it('refuses an unknown or closed case file', () => {
    spec.given([]).when(command({ caseFile: { status: 'none', childIds: [], familyMemberIds: [] } })).thenRejects('case_file_not_found');
    spec.given([]).when(command({ caseFile: { ...command().data.caseFile, status: 'closed' } })).thenRejects('case_file_closed');
  });

  it('needs one or two distinct coaches', () => {
    spec.given([]).when(command({ coachIds: [] })).thenRejects('one_or_two_coaches', 'coachIds');
    spec.given([]).when(command({ coachIds: ['a1', 'a2', 'a3'] })).thenRejects('one_or_two_coaches', 'coachIds');
    spec.given([]).when(command({ coachIds: ['a1', 'a1'] })).thenRejects('one_or_two_coaches', 'coachIds');
  });

  it('needs someone of the family present, and only of this family', () => {
    spec.given([]).when(command({ familyPresent: [] })).thenRejects('family_member_required', 'familyPresent');
    spec.given([]).when(command({ familyPresent: [child, '0193a5b2-7c1e-7000-8000-00000000c999'] })).thenRejects('not_of_this_family', 'familyPresent.1');
  });

  it('refuses a location outside the list', () => {
    spec.given([]).when(command({ location: 'park' as never })).thenRejects('unknown_location', 'location');
  });

  it('requires the way of working, privacy and the complaints procedure explained', () => {
    spec.given([]).when(command({ explained: { wayOfWorking: true, privacy: false, complaintsProcedure: true } })).thenRejects('must_be_explained', 'explained.privacy');
    spec.given([]).when(command({ explained: { wayOfWorking: true, privacy: true, complaintsProcedure: false } })).thenRejects('must_be_explained', 'explained.complaintsProcedure');
  });

  it('checks the ZRM against the reference, naming the domain', () => {
    spec.given([]).when(command({ zrm: { financien: 3 } })).thenRejects('zrm_score_missing', 'zrm.huisvesting');
    spec.given([]).when(command({ zrm: { financien: 3, huisvesting: 6 } })).thenRejects('zrm_score_out_of_range', 'zrm.huisvesting');
  });

  it('requires a safety analysis at ETM 5', () => {
    const etm = { assessmentId: '0193a5b2-7c1e-7000-8000-00000000e001', score: 5, secondAssessorId: 'coach-noord-2' };
    spec.given([]).when(command({ etm })).thenRejects('safety_analysis_required_at_etm_5', 'safetyAnalysisNeeded');
    spec.given([]).when(command({ etm, safetyAnalysisNeeded: true })).then([held({ etm, safetyAnalysisNeeded: true })]);
  });

  it('refuses a director kind outside the list', () => {
    spec.given([]).when(command({ caseDirector: { directorId: 'x1', directorKind: 'mayor' as never } })).thenRejects('unknown_director_kind', 'caseDirector.directorKind');
  });

  it('refuses a visit day in the future, before the referral, or not a date', () => {
    spec.given([]).when(command({ heldOn: '2026-11-11' })).thenRejects('held_on_in_future', 'heldOn');
    spec.given([]).when(command({ heldOn: '2026-11-01' })).thenRejects('held_before_referral', 'heldOn');
    spec.given([]).when(command({ heldOn: '2026-02-30' })).thenRejects('invalid_date', 'heldOn');
  });
});
