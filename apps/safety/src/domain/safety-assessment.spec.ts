import { deciderSpec } from '@wijkteam/testing';
import { type SafetyCommand, type SafetyEvent, safetyDecider } from './safety-assessment';
import type { AgreementInput } from './safety-plan';

const spec = deciderSpec(safetyDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const parentId = '0193a5b2-7c1e-7000-8000-00000000c002';
const at = '2026-11-23T09:00:00.000Z';
type AssessData = Extract<SafetyCommand, { type: 'RecordEtmAssessment' }>['data'];

const assess = (score: number, overrides: Partial<AssessData> = {}): SafetyCommand => ({
  type: 'RecordEtmAssessment',
  data: {
    caseFileId,
    clientId,
    assessmentId: `a-${score}`,
    score,
    reasons: ['domestic_violence', 'emotional_safety'],
    explanation: null,
    assessorId: 'coach-noord-1',
    secondAssessorId: 'coach-noord-2',
    assessedAt: at,
    safetyPlanDays: 5,
    ...overrides,
  },
});
const assessed = (score: number, overrides: Partial<AssessData> = {}): SafetyEvent => {
  const { safetyPlanDays: _days, ...data } = (assess(score, overrides) as Extract<SafetyCommand, { type: 'RecordEtmAssessment' }>).data;
  return { type: 'EtmAssessed', data: { ...data, explained: data.explanation !== null } };
};
const planRequired = (assessmentId = 'a-5', due = '2026-11-28', requiredAt = at): SafetyEvent => ({
  type: 'SafetyPlanRequired',
  data: { caseFileId, assessmentId, considerCrisisInterventionTeam: true, due, requiredAt },
});

const decide = (overrides: Partial<Extract<SafetyCommand, { type: 'DecideCrisisIntervention' }>['data']> = {}): SafetyCommand => ({
  type: 'DecideCrisisIntervention',
  data: { caseFileId, involve: false, reason: 'safety_arranged_by_plan', decidedBy: 'coach-noord-1', secondProfessionalId: 'coach-noord-2', decidedAt: '2026-11-24T10:00:00.000Z', ...overrides },
});
const decided: SafetyEvent = { type: 'CrisisInterventionConsidered', data: { ...(decide() as Extract<SafetyCommand, { type: 'DecideCrisisIntervention' }>).data, assessmentId: 'a-5' } };

const agreement: AgreementInput = { agreementId: 'ag-1', what: 'Oma haalt de kinderen elke dag uit school.', who: { kind: 'network', partyCode: 'grootouder' }, watches: 'De kinderen zijn elke middag bij oma.' };
const record = (agreements: AgreementInput[] = [agreement], reviewOn = '2026-12-07', recordedAt = '2026-11-25T09:00:00.000Z'): SafetyCommand => ({
  type: 'RecordSafetyPlan',
  data: { caseFileId, clientId, familyIds: [clientId, parentId], agreements, reviewOn, recordedBy: 'coach-noord-1', recordedAt },
});
const recorded = (version: number, agreements: AgreementInput[] = [agreement], reviewOn = '2026-12-07', recordedAt = '2026-11-25T09:00:00.000Z'): SafetyEvent => ({
  type: 'SafetyPlanRecorded',
  data: {
    caseFileId,
    clientId,
    version,
    agreements: agreements.map(({ agreementId, who }) => ({ agreementId, who })),
    texts: { agreements: Object.fromEntries(agreements.map(({ agreementId, what, watches }) => [agreementId, { what, watches }])) },
    reviewOn,
    recordedBy: 'coach-noord-1',
    recordedAt,
  },
});

describe('safety decider: ETM assessments with reasons', () => {
  it('records an ETM 3 assessment by two coaches, with its reasons', () => {
    spec.given([]).when(assess(3)).then([assessed(3)]);
  });

  it('keeps the explanation in words with the assessment (sealed by the store)', () => {
    spec.given([]).when(assess(4, { reasons: ['other'], explanation: 'Zorgen over de woonsituatie.' })).then([assessed(4, { reasons: ['other'], explanation: 'Zorgen over de woonsituatie.' })]);
  });

  it.each([
    ['an unknown reason', { reasons: ['gut_feeling' as never] }, 'unknown_etm_reason', 'reasons.0'],
    ['a reason twice', { reasons: ['neglect' as const, 'neglect' as const] }, 'etm_reason_listed_twice', 'reasons.1'],
    ['other without an explanation', { reasons: ['other' as const] }, 'explanation_required', 'explanation'],
    ['an empty explanation', { explanation: '  ' }, 'invalid_explanation', 'explanation'],
    ['another client on the same case file', { clientId: parentId }, 'client_mismatch', 'clientId'],
    ['one person alone', { secondAssessorId: 'coach-noord-1' }, 'four_eyes_required', 'secondAssessorId'],
  ])('refuses %s', (_name, overrides, code, field) => {
    spec.given([assessed(3)]).when(assess(4, overrides)).thenRejects(code, field);
  });

  it.each([0, 6, 2.5])('refuses ETM %s', (score) => {
    spec.given([]).when(assess(score)).thenRejects('etm_out_of_range', 'score');
  });
});

describe('safety decider: ETM 5 consequences', () => {
  it('requires a safety plan within SAFETY_PLAN_DAYS calendar days and asks for the CIT decision', () => {
    spec.given([assessed(3)]).when(assess(5)).then([assessed(5), planRequired()]);
    spec.given([]).when(assess(5, { safetyPlanDays: 10, assessedAt: '2026-12-28T23:30:00.000Z' })).then([assessed(5, { assessedAt: '2026-12-28T23:30:00.000Z' }), planRequired('a-5', '2027-01-07', '2026-12-28T23:30:00.000Z')]);
  });

  it('does not require the plan twice while it is required', () => {
    spec.given([assessed(5), planRequired()]).when(assess(5)).then([assessed(5)]);
  });

  it('after a plan was recorded, requires a new version only when the score rises to 5 again', () => {
    spec.given([assessed(5), planRequired(), recorded(1)]).when(assess(5)).then([assessed(5)]);
    spec.given([assessed(5), planRequired(), recorded(1), assessed(4)]).when(assess(5, { assessmentId: 'a-5b' })).then([assessed(5, { assessmentId: 'a-5b' }), planRequired('a-5b')]);
  });

  it('records the CIT decision once, by two professionals, for the ETM 5 it answers', () => {
    spec.given([assessed(5), planRequired()]).when(decide()).then([decided]);
    spec.given([assessed(5), planRequired(), decided]).when(decide({ involve: true, reason: 'acute_danger' })).thenRejects('crisis_intervention_already_decided');
  });

  it('refuses a CIT decision nobody asked for, by one person alone, or for no listed reason', () => {
    spec.given([assessed(4)]).when(decide()).thenRejects('crisis_intervention_not_asked');
    spec.given([assessed(5), planRequired()]).when(decide({ secondProfessionalId: 'coach-noord-1' })).thenRejects('four_eyes_required', 'secondProfessionalId');
    spec.given([assessed(5), planRequired()]).when(decide({ reason: 'busy' as never })).thenRejects('unknown_crisis_intervention_reason', 'reason');
  });
});

describe('safety decider: the safety plan', () => {
  it('records version 1, which ends the requirement; a revision is version 2 and keeps version 1', () => {
    spec.given([assessed(5), planRequired()]).when(record()).then([recorded(1)]);
    const revised = [agreement, { agreementId: 'ag-2', what: 'Moeder belt bij spanning de wijkcoach.', who: { kind: 'family' as const, clientId: parentId }, watches: 'Wekelijks contact.' }];
    spec.given([assessed(5), planRequired(), recorded(1)]).when(record(revised, '2026-12-14', '2026-12-01T09:00:00.000Z')).then([recorded(2, revised, '2026-12-14', '2026-12-01T09:00:00.000Z')]);
    const state = [assessed(5), planRequired(), recorded(1), recorded(2, revised)].reduce(safetyDecider.evolve, safetyDecider.initialState());
    expect(state).toMatchObject({ safetyPlanRequired: false, safetyPlanDue: null, safetyPlan: { version: 2 }, previousSafetyPlans: [{ version: 1, reviewOn: '2026-12-07' }] });
    // The CIT decision is still asked for: a plan does not answer it.
    expect(state.crisisInterventionAskedFor).toBe('a-5');
  });

  it('reads a requirement recorded before deadlines with the default deadline', () => {
    const old = { type: 'SafetyPlanRequired', data: { caseFileId, assessmentId: 'a-5', considerCrisisInterventionTeam: true, requiredAt: at } } as unknown as SafetyEvent;
    expect([assessed(5), old].reduce(safetyDecider.evolve, safetyDecider.initialState()).safetyPlanDue).toBe('2026-11-28');
  });

  it.each([
    ['no agreements', [], undefined, 'agreements_required', 'agreements'],
    ['an empty what', [{ ...agreement, what: '' }], undefined, 'text_required', 'agreements.0.what'],
    ['no watches', [{ ...agreement, watches: undefined as unknown as string }], undefined, 'text_required', 'agreements.0.watches'],
    ['an agreement id twice', [agreement, agreement], undefined, 'agreement_listed_twice', 'agreements.1.agreementId'],
    ['someone outside the family', [{ ...agreement, who: { kind: 'family' as const, clientId: caseFileId } }], undefined, 'not_of_the_family', 'agreements.0.who.clientId'],
    ['a name as party code', [{ ...agreement, who: { kind: 'network' as const, partyCode: 'Oma Jansen' } }], undefined, 'invalid_party_code', 'agreements.0.who.partyCode'],
    ['an unknown performer kind', [{ ...agreement, who: { kind: 'school' } as never }], undefined, 'unknown_performer_kind', 'agreements.0.who.kind'],
    ['a review in the past', [agreement], '2026-11-24', 'review_in_past', 'reviewOn'],
    ['no real date', [agreement], '2026-02-30', 'invalid_date', 'reviewOn'],
  ])('refuses a plan with %s', (_name, agreements, reviewOn, code, field) => {
    spec.given([assessed(5), planRequired()]).when(record(agreements, reviewOn)).thenRejects(code, field);
  });
});
