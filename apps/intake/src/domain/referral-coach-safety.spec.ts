import shippedRules from '../../../../infra/intake/eligibility-rules.json';
import { parseEligibilityRules } from './eligibility-rules';
import { type ReceiveReferralData, type ReferralCommand, type ReferralEvent, referralDecider, type ReferralState } from './referral';

const rules = parseEligibilityRules(structuredClone(shippedRules));
const decider = referralDecider(rules);
const referralId = '0193a000-0000-7000-8000-00000000000a';
const clientId = '0193a000-0000-7000-8000-00000000000c';
const at = '2026-12-03T09:00:00.000Z';
const flag = { caseFileId: '0193a000-0000-7000-8000-0000000000cf', reason: 'threats_to_professionals' };

/** A referral by the GI (route certified_institution: coach_safety is one of its conditions), all else met. */
function receivedState(overrides: Partial<ReceiveReferralData> = {}): ReferralState {
  const data: ReceiveReferralData = {
    referralId,
    clientId,
    teamId: 'wijkteam-noord',
    channel: 'phone',
    route: 'certified_institution',
    deEscalationFrom: null,
    children: [{ clientId, person: { name: 'Sanne de Vries', birthDate: '2014-05-12', bsn: null } }],
    familyMembers: [],
    referrer: { organisation: 'GI West', role: 'jeugdbeschermer', contact: '06-12345678' },
    helpQuestion: 'Hulp bij de opvoeding.',
    themes: ['opvoeding'],
    etmIndication: 3,
    intellectualDisability: false,
    warmHandover: true,
    clientConsented: true,
    inCareWith: 'none',
    caseDirectionStaysWithReferrer: true,
    coachSafetyConcern: false,
    receivedAt: at,
    careHistory: [],
    ...overrides,
  };
  return decider.decide({ type: 'ReceiveReferral', data }, { status: 'none' }).reduce(decider.evolve, { status: 'none' } as ReferralState);
}

const assess = (coachSafetyFlag: typeof flag | null, answers: Record<string, boolean> = { adds_value: true, coach_safety: true }): ReferralCommand => ({
  type: 'AssessEligibility',
  data: { answers, coachSafetyFlag, assessedBy: 'coach-noord-1', assessedAt: at },
});
const assessed = (events: ReferralEvent[]) => events[0].data as { answers: Record<string, boolean>; coachSafetyFlag?: typeof flag; result: string; conditions: { condition: string; outcome: string; source: string }[] };

describe('referral decider: the coach-safety flag of safety answers coach_safety', () => {
  it("a flagged family: coach_safety is not met, whatever the coach answered, and the flag is recorded", () => {
    const event = assessed(decider.decide(assess(flag), receivedState()));
    expect(event.answers).toEqual({ adds_value: true, coach_safety: false });
    expect(event.coachSafetyFlag).toEqual(flag);
    expect(event.result).toBe('not_eligible');
    expect(event.conditions).toContainEqual({ condition: 'coach_safety', outcome: 'not_met', source: 'assessment' });
  });

  it("no flag: the coach's answer stands", () => {
    const event = assessed(decider.decide(assess(null), receivedState()));
    expect(event.answers).toEqual({ adds_value: true, coach_safety: true });
    expect(event).not.toHaveProperty('coachSafetyFlag');
    expect(event.result).toBe('eligible');
  });

  it('a route without the condition is not changed by a flag', () => {
    const state = receivedState({ route: 'jgz' });
    const event = assessed(decider.decide(assess(flag, { adds_value: true }), state));
    expect(event.answers).toEqual({ adds_value: true });
    expect(event).not.toHaveProperty('coachSafetyFlag');
  });

  it('the flag stays in the assessment: a later eligibility read shows coach_safety not met', () => {
    const state = decider.decide(assess(flag), receivedState()).reduce(decider.evolve, receivedState());
    const later = assessed(decider.decide(assess(null, { adds_value: true }), state));
    expect(later.conditions).toContainEqual({ condition: 'coach_safety', outcome: 'not_met', source: 'assessment' });
  });
});
