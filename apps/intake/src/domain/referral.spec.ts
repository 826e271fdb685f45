import { deciderSpec } from '@wijkteam/testing';
import shippedRules from '../../../../infra/intake/eligibility-rules.json';
import type { EligibilityCondition, EligibilityRules } from './eligibility';
import { parseEligibilityRules } from './eligibility-rules';
import { type ReceiveReferralData, type ReferralEvent, referralDecider, ROUTES, withinAgeRange } from './referral';

/** The rules file as shipped: the tests below are driven by it, route by route, condition by condition. */
const shipped = (): { version: string; routes: Record<string, unknown[]> } => structuredClone(shippedRules);
const rules = parseEligibilityRules(shipped());

const referralId = '0193a000-0000-7000-8000-00000000000a';
const clientId = '0193a000-0000-7000-8000-00000000000c';
const siblingId = '0193a000-0000-7000-8000-00000000000d';
const parentId = '0193a000-0000-7000-8000-00000000000e';
const receivedAt = '2026-12-03T09:00:00.000Z';
const decidedAt = '2026-12-04T10:00:00.000Z';

/** A referral on which every condition of every route is met (the assessment answers the team-only ones). */
function receiveData(overrides: Partial<ReceiveReferralData> = {}): ReceiveReferralData {
  return {
    referralId,
    clientId,
    teamId: 'wijkteam-noord',
    channel: 'phone',
    route: 'jgz',
    deEscalationFrom: null,
    children: [
      { clientId, person: { name: 'Sanne de Vries', birthDate: '2014-05-12', bsn: '111222333' } },
      { clientId: siblingId, person: { name: 'Bram de Vries', birthDate: '2017-02-01', bsn: null } },
    ],
    familyMembers: [{ clientId: parentId, relation: 'parent', person: { name: 'Ellen de Vries', birthDate: null, bsn: null } }],
    referrer: { organisation: 'JGZ Noord', role: 'jeugdverpleegkundige', contact: '06-12345678' },
    helpQuestion: 'Wij willen hulp bij de opvoeding.',
    themes: ['opvoeding'],
    etmIndication: 3,
    intellectualDisability: false,
    warmHandover: true,
    clientConsented: true,
    inCareWith: 'none',
    caseDirectionStaysWithReferrer: true,
    coachSafetyConcern: false,
    receivedAt,
    careHistory: [],
    ...overrides,
  };
}

function received(overrides: Partial<ReceiveReferralData> = {}): ReferralEvent[] {
  return referralDecider(rules).decide({ type: 'ReceiveReferral', data: receiveData(overrides) }, { status: 'none' });
}

const assessedAll = (answers: Partial<Record<EligibilityCondition, boolean>> = { adds_value: true, voluntary_help_accepted: true }): ReferralEvent => ({
  type: 'EligibilityAssessed',
  data: { referralId, answers, rulesVersion: rules.version, result: 'eligible', conditions: [], assessedBy: 'coach-noord-1', assessedAt: receivedAt },
});

/** Per condition: the referral (or assessment) that leaves it not met, and the one that leaves it unknown. */
const FAILING: Record<EligibilityCondition, { notMet: [Partial<ReceiveReferralData>, Partial<Record<EligibilityCondition, boolean>>]; unknown: [Partial<ReceiveReferralData>, Partial<Record<EligibilityCondition, boolean>>] }> = {
  severity: { notMet: [{ etmIndication: 2 }, {}], unknown: [{ etmIndication: null }, {}] },
  warm_handover: { notMet: [{ warmHandover: false }, {}], unknown: [{ warmHandover: null }, {}] },
  client_consent: { notMet: [{ clientConsented: false }, {}], unknown: [{ clientConsented: null }, {}] },
  not_in_care_gosa_gi: { notMet: [{ inCareWith: 'gosa' }, {}], unknown: [{ inCareWith: 'unknown' }, {}] },
  adds_value: { notMet: [{}, { adds_value: false }], unknown: [{}, { adds_value: undefined }] },
  case_direction_stays_with_referrer: { notMet: [{ caseDirectionStaysWithReferrer: false }, {}], unknown: [{ caseDirectionStaysWithReferrer: null }, {}] },
  coach_safety: { notMet: [{ coachSafetyConcern: true }, {}], unknown: [{ coachSafetyConcern: null }, {}] },
  voluntary_help_accepted: { notMet: [{}, { voluntary_help_accepted: false }], unknown: [{}, { voluntary_help_accepted: undefined }] },
};

const routeFacts = (route: (typeof ROUTES)[number]): Partial<ReceiveReferralData> => ({ route, deEscalationFrom: route === 'de_escalation' ? 'gosa' : null });

function history(route: (typeof ROUTES)[number], facts: Partial<ReceiveReferralData>, answers: Partial<Record<EligibilityCondition, boolean>>): ReferralEvent[] {
  const all = { adds_value: true, voluntary_help_accepted: true, ...answers };
  const defined = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
  return [...received({ ...routeFacts(route), ...facts }), assessedAll(defined)];
}

describe('referral decider: eligibility per route, driven from infra/intake/eligibility-rules.json', () => {
  const spec = deciderSpec(referralDecider(rules));
  const accept = { type: 'AcceptReferral' as const, data: { caseFileId: '0193a000-0000-7000-8000-0000000000cf', decidedAt } };

  it('the shipped file lists every route of seed 000', () => {
    expect(Object.keys(rules.routes).sort()).toEqual([...ROUTES].sort());
  });

  for (const route of ROUTES) {
    const conditions = rules.routes[route].map((rule) => rule.condition);

    it(`${route}: accepted when every condition (${conditions.join(', ') || 'none'}) is met, recording the rules version and each condition`, () => {
      const events = referralDecider(rules).decide(accept, history(route, {}, {}).reduce(referralDecider(rules).evolve, referralDecider(rules).initialState()));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'ReferralAccepted', data: { rulesVersion: rules.version, route, childIds: [clientId, siblingId], familyMemberIds: [parentId] } });
      expect((events[0].data as { conditions: unknown[] }).conditions).toEqual(conditions.map((condition) => expect.objectContaining({ condition, outcome: 'met' })));
    });

    for (const condition of conditions) {
      it(`${route} × ${condition}: not met → refused naming it; unknown → refused as unknown`, () => {
        const [facts, answers] = FAILING[condition].notMet;
        spec.given(history(route, facts, answers)).when(accept).thenRejects('eligibility_not_met', condition);
        const [unknownFacts, unknownAnswers] = FAILING[condition].unknown;
        spec.given(history(route, unknownFacts, unknownAnswers)).when(accept).thenRejects('eligibility_unknown', condition);
      });
    }
  }

  it('an intellectual disability meets severity without an ETM score', () => {
    spec.given(history('jgz', { etmIndication: null, intellectualDisability: true }, {})).when(accept).then([expect.objectContaining({ type: 'ReferralAccepted' }) as never]);
  });

  it('a changed rules file changes the outcome: a minimum of ETM 4 refuses what ETM 3 met before, and a route without conditions accepts it', () => {
    const file = shipped() as { version: string; routes: Record<string, unknown[]> };
    const stricter = parseEligibilityRules({ ...file, version: 'stricter', routes: { ...file.routes, jgz: [{ condition: 'severity', minimumEtm: 4 }] } });
    deciderSpec(referralDecider(stricter)).given(history('jgz', {}, {})).when(accept).thenRejects('eligibility_not_met', 'severity');
    const none: EligibilityRules = parseEligibilityRules({ ...file, version: 'open', routes: { ...file.routes, jgz: [] } });
    const [event] = referralDecider(none).decide(accept, history('jgz', { etmIndication: 1, warmHandover: false }, {}).reduce(referralDecider(none).evolve, { status: 'none' }));
    expect(event).toMatchObject({ type: 'ReferralAccepted', data: { rulesVersion: 'open' } });
  });

  it("the assessment answers a condition the referral left unknown, and wins over the referral's answer", () => {
    spec.given(history('jgz', { warmHandover: null }, { warm_handover: true })).when(accept).then([expect.objectContaining({ type: 'ReferralAccepted' }) as never]);
    spec.given(history('jgz', { warmHandover: true }, { warm_handover: false })).when(accept).thenRejects('eligibility_not_met', 'warm_handover');
  });
});

describe('referral decider: receiving a family', () => {
  const spec = deciderSpec(referralDecider(rules));

  it('records the referral, each further person under their own id, and the care-history check', () => {
    const match = { referralId: '0193a000-0000-7000-8000-0000000000ff', matchedOn: 'bsn' as const, status: 'accepted' as const, receivedAt: '2025-01-01T00:00:00.000Z', caseFileId: null, caseFileStatus: null };
    const events = received({ careHistory: [match] });
    expect(events.map((e) => e.type)).toEqual(['ReferralReceived', 'ReferralPersonRecorded', 'ReferralPersonRecorded', 'CareHistoryChecked']);
    expect(events[0].data).toMatchObject({ clientId, childIds: [clientId, siblingId], familyMembers: [{ clientId: parentId, relation: 'parent' }], client: { name: 'Sanne de Vries' } });
    expect(events[0].data).not.toHaveProperty('children');
    expect(events[0].data).not.toHaveProperty('careHistory');
    expect(events[1].data).toMatchObject({ clientId: siblingId, role: 'child', relation: null });
    expect(events[2].data).toMatchObject({ clientId: parentId, role: 'family_member', relation: 'parent' });
    expect(events[3].data).toEqual({ referralId, matches: [match], checkedAt: receivedAt });
  });

  it('refuses a child outside 9 months before birth to 23 years, naming which child', () => {
    const children = receiveData().children;
    spec.given([]).when({ type: 'ReceiveReferral', data: receiveData({ children: [children[0], { clientId: siblingId, person: { name: 'X', birthDate: '1990-01-01', bsn: null } }] }) }).thenRejects('outside_age_range', 'children.1.person.birthDate');
    spec.given([]).when({ type: 'ReceiveReferral', data: receiveData({ children: [{ clientId, person: { name: 'X', birthDate: null, bsn: null } }] }) }).thenRejects('outside_age_range', 'children.0.person.birthDate');
  });

  it('a family member of any age is fine', () => {
    const familyMembers = [{ clientId: parentId, relation: 'grandparent' as const, person: { name: 'Opa', birthDate: '1940-01-01', bsn: null } }];
    expect(received({ familyMembers })[2]).toMatchObject({ type: 'ReferralPersonRecorded', data: { relation: 'grandparent' } });
  });

  it('refuses one client named twice, an ETM outside 1-5 and a de-escalation without its origin', () => {
    spec.given([]).when({ type: 'ReceiveReferral', data: receiveData({ familyMembers: [{ clientId: siblingId, relation: 'parent', person: { name: 'X', birthDate: null, bsn: null } }] }) }).thenRejects('client_named_twice', 'familyMembers');
    spec.given([]).when({ type: 'ReceiveReferral', data: receiveData({ etmIndication: 6 }) }).thenRejects('etm_out_of_range', 'etmIndication');
    spec.given([]).when({ type: 'ReceiveReferral', data: receiveData({ route: 'de_escalation' }) }).thenRejects('de_escalation_origin_required', 'deEscalationFrom');
    spec.given([]).when({ type: 'ReceiveReferral', data: receiveData({ deEscalationFrom: 'bjz' }) }).thenRejects('de_escalation_origin_only_for_de_escalation', 'deEscalationFrom');
    spec.given(received()).when({ type: 'ReceiveReferral', data: receiveData() }).thenRejects('referral_already_received');
  });
});

describe('referral decider: waiting list, doubt, conference and decisions', () => {
  const spec = deciderSpec(referralDecider(rules));
  const waitlist = { type: 'WaitlistReferral' as const, data: { decidedAt } };

  it('Veilig Thuis (as route or as de-escalation origin) and ETM 5 are urgent, the rest regular (seed 004)', () => {
    const priority = (facts: Partial<ReceiveReferralData>) => (referralDecider(rules).decide(waitlist, received(facts).reduce(referralDecider(rules).evolve, { status: 'none' }))[0].data as { priority: string }).priority;
    expect(priority({ route: 'veilig_thuis' })).toBe('urgent');
    expect(priority({ route: 'de_escalation', deEscalationFrom: 'veilig_thuis' })).toBe('urgent');
    expect(priority({ etmIndication: 5 })).toBe('urgent');
    expect(priority({ etmIndication: 4 })).toBe('regular');
  });

  it('taking a referral off the list is an event with its reason; capacity puts it back to be decided, any other reason ends it', () => {
    const listed: ReferralEvent = { type: 'ReferralWaitlisted', data: { referralId, teamId: 'wijkteam-noord', priority: 'regular', rulesVersion: rules.version, decidedAt } };
    const remove = (reason: 'capacity_available' | 'withdrawn_by_client') => ({ type: 'RemoveFromWaitingList' as const, data: { reason, decidedAt } });
    spec.given([...received(), listed]).when(remove('withdrawn_by_client')).then([{ type: 'ReferralRemovedFromWaitingList', data: { referralId, teamId: 'wijkteam-noord', reason: 'withdrawn_by_client', decidedAt } }]);
    spec.given(received()).when(remove('capacity_available')).thenRejects('referral_not_on_waiting_list');
    const back: ReferralEvent = { type: 'ReferralRemovedFromWaitingList', data: { referralId, teamId: 'wijkteam-noord', reason: 'capacity_available', decidedAt } };
    spec.given([...history('jgz', {}, {}), listed, back]).when({ type: 'AcceptReferral', data: { caseFileId: '0193a000-0000-7000-8000-0000000000cf', decidedAt } }).then([expect.objectContaining({ type: 'ReferralAccepted' }) as never]);
    const gone: ReferralEvent = { ...back, data: { ...back.data, reason: 'helped_elsewhere' } };
    spec.given([...received(), listed, gone]).when(waitlist).thenRejects('referral_withdrawn');
  });

  it('doubt: marked with a reason once, resolved once', () => {
    const marked: ReferralEvent = { type: 'ReferralMarkedInDoubt', data: { referralId, reason: 'care_history_match', markedAt: decidedAt } };
    spec.given(received()).when({ type: 'MarkInDoubt', data: { reason: 'care_history_match', markedAt: decidedAt } }).then([marked]);
    spec.given([...received(), marked]).when({ type: 'MarkInDoubt', data: { reason: 'other', markedAt: decidedAt } }).thenRejects('referral_already_in_doubt');
    spec.given([...received(), marked]).when({ type: 'ResolveDoubt', data: { resolvedAt: decidedAt } }).then([{ type: 'ReferralDoubtResolved', data: { referralId, resolvedAt: decidedAt } }]);
    spec.given(received()).when({ type: 'ResolveDoubt', data: { resolvedAt: decidedAt } }).thenRejects('referral_not_in_doubt');
  });

  it('assigns one or two coaches; the first visit is due 14 days after the referral (seed 000)', () => {
    const assign = (coachIds: string[]) => ({ type: 'AssignCoaches' as const, data: { coachIds, decidedBy: 'coordinator-1', conferenceDate: '2026-12-07', firstVisitWithinDays: 14, decidedAt } });
    spec
      .given(received())
      .when(assign(['coach-noord-1', 'coach-noord-2']))
      .then([{ type: 'CoachesAssigned', data: { referralId, clientId, teamId: 'wijkteam-noord', coachIds: ['coach-noord-1', 'coach-noord-2'], decidedBy: 'coordinator-1', conferenceDate: '2026-12-07', firstVisitDue: '2026-12-17', decidedAt } }]);
    spec.given(received()).when(assign([])).thenRejects('one_or_two_coaches', 'coachIds');
    spec.given(received()).when(assign(['a', 'b', 'c'])).thenRejects('one_or_two_coaches', 'coachIds');
    spec.given(received()).when(assign(['a', 'a'])).thenRejects('one_or_two_coaches', 'coachIds');
    spec.given([...received(), { type: 'ReferralWaitlisted', data: { referralId, teamId: 'wijkteam-noord', priority: 'regular', rulesVersion: rules.version, decidedAt } }]).when(assign(['a'])).thenRejects('referral_on_waiting_list');
  });

  it('a decline records the reason, the redirect and the rules version; a decided referral takes no further decision', () => {
    const declined: ReferralEvent = { type: 'ReferralDeclined', data: { referralId, teamId: 'wijkteam-noord', reason: 'adult_only_question', redirect: 'adult_team', rulesVersion: rules.version, decidedAt } };
    spec.given(received()).when({ type: 'DeclineReferral', data: { reason: 'adult_only_question', redirect: 'adult_team', decidedAt } }).then([declined]);
    spec.given([...received(), declined]).when(waitlist).thenRejects('referral_already_decided');
    spec.given([]).when(waitlist).thenRejects('referral_not_found');
  });

  it('folds a referral stored before issue 13 (one child, no team, no family)', () => {
    const legacy = { type: 'ReferralReceived', data: { referralId, clientId, client: { name: 'Oud', birthDate: '2015-01-01' }, channel: 'mail', route: 'self_referral', etmIndication: null, intellectualDisability: false, receivedAt } } as unknown as ReferralEvent;
    const state = [legacy].reduce(referralDecider(rules).evolve, referralDecider(rules).initialState());
    expect(state).toMatchObject({ status: 'received', teamId: null, children: [{ clientId, person: { name: 'Oud' } }], familyMembers: [], inCareWith: 'unknown' });
  });
});

describe('withinAgeRange (seed 000: 9 months before birth to 23 years)', () => {
  it.each([
    ['2003-12-04', true],
    ['2003-12-03', false],
    ['2027-09-03', true],
    ['2027-09-04', false],
    ['not-a-date', false],
  ])('%s → %s', (birthDate, expected) => expect(withinAgeRange(birthDate, receivedAt)).toBe(expected));
});
