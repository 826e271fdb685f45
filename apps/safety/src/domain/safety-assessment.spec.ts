import { deciderSpec } from '@wijkteam/testing';
import { type SafetyCommand, type SafetyEvent, safetyDecider } from './safety-assessment';

const spec = deciderSpec(safetyDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const at = '2026-11-23T09:00:00.000Z';
const assess = (score: number, overrides: Partial<SafetyCommand['data']> = {}): SafetyCommand => ({
  type: 'RecordEtmAssessment',
  data: { caseFileId, clientId: 'client-1', assessmentId: `a-${score}`, score, assessorId: 'coach-noord-1', secondAssessorId: 'coach-noord-2', assessedAt: at, ...overrides },
});
const assessed = (score: number): SafetyEvent => ({ type: 'EtmAssessed', data: assess(score).data });
const planRequired: SafetyEvent = {
  type: 'SafetyPlanRequired',
  data: { caseFileId, assessmentId: 'a-5', considerCrisisInterventionTeam: true, requiredAt: at },
};

describe('safety decider', () => {
  it('records an ETM 3 assessment by two coaches', () => {
    spec.given([]).when(assess(3)).then([assessed(3)]);
  });

  it('requires a safety plan and CIT consideration at ETM 5', () => {
    spec.given([assessed(3)]).when(assess(5)).then([assessed(5), planRequired]);
  });

  it('does not require the plan twice', () => {
    spec.given([assessed(5), planRequired]).when(assess(5)).then([assessed(5)]);
  });

  it('refuses an assessment for another client on the same case file', () => {
    spec.given([assessed(3)]).when(assess(4, { clientId: 'client-2' })).thenRejects('client_mismatch', 'clientId');
  });

  it('refuses an assessment by one person alone', () => {
    spec.given([]).when(assess(4, { secondAssessorId: 'coach-noord-1' })).thenRejects('four_eyes_required', 'secondAssessorId');
  });

  it.each([0, 6, 2.5])('refuses ETM %s', (score) => {
    spec.given([]).when(assess(score)).thenRejects('etm_out_of_range', 'score');
  });
});
