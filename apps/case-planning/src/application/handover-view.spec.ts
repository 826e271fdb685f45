import type { PlanState } from '../domain/plan';
import type { AdultTeamHandover } from './adult-team-access';
import { handedOverPlanOf, handoverViewOf } from './handover-view';

const caseFileId = '0190a000-0000-7000-8000-0000000000f1';
const youth = '0190a000-0000-7000-8000-00000000c001';
const sibling = '0190a000-0000-7000-8000-00000000c002';
const plan: PlanState = {
  status: 'agreed',
  caseFileId,
  clientId: youth,
  version: 2,
  goals: [{ goalId: 'g1' }],
  actions: [{ actionId: 'a1', goalId: 'g1', performer: { kind: 'professional', partyCode: 'jgz' }, dueOn: '2027-02-01' }],
  texts: { goals: { g1: 'Zelfstandig wonen' }, actions: { a1: 'Samen een woning zoeken' } },
  agreedGoalIds: ['g1'],
  agreedVersion: 2,
  history: [],
};
const access = (covered: string[]): AdultTeamHandover => ({
  handover: { adultTeamColleagueId: 'volwassenenteam-1', dataCategories: ['help_request', 'plan_of_approach'], completedAt: '2027-01-05T09:00:00.000Z' },
  transition: { handover: { status: 'completed' }, question: { helpMustContinue: true, continuation: 'handover_to_adult_team' } } as never,
  categories: ['help_request', 'plan_of_approach'].map((category) => ({ category, covered: covered.includes(category), decisionId: 'd', denialReason: covered.includes(category) ? null : 'consent_withdrawn' })),
});

describe('the adult team\'s handover view (seed 004)', () => {
  it('shows the agreed plan in the client\'s words when the consent covers plan_of_approach', () => {
    const view = handoverViewOf(caseFileId, youth, access(['help_request', 'plan_of_approach']), handedOverPlanOf(plan, youth));
    expect(view.shown.plan).toEqual({ version: 2, goals: [{ goalId: 'g1', text: 'Zelfstandig wonen' }], actions: [{ actionId: 'a1', goalId: 'g1', performerKind: 'professional', dueOn: '2027-02-01', what: 'Samen een woning zoeken' }] });
    expect(view.withheld).toEqual(['other_providers']);
  });

  it('withholds the plan when the consent no longer covers it', () => {
    const view = handoverViewOf(caseFileId, youth, access(['help_request']), handedOverPlanOf(plan, youth));
    expect(view.shown.plan).toBeUndefined();
    expect(view.withheld).toEqual(['other_providers', 'plan']);
  });

  it('never releases a plan made for another child of the family, nor one never agreed', () => {
    expect(handedOverPlanOf(plan, sibling)).toBeNull();
    expect(handedOverPlanOf({ ...plan, agreedVersion: null }, youth)).toBeNull();
    expect(handedOverPlanOf(null, youth)).toBeNull();
  });
});
