import { deciderSpec } from '@wijkteam/testing';
import { changesBetween, type GoalInput, type PlanEvent, planDecider, planDueOf } from './plan';

const spec = deciderSpec(planDecider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const parentId = '0193a5b2-7c1e-7000-8000-00000000c002';
const goalA = '0193a5b2-7c1e-7000-8000-0000000000a1';
const goalB = '0193a5b2-7c1e-7000-8000-0000000000a2';
const action1 = '0193a5b2-7c1e-7000-8000-0000000000b1';
const action2 = '0193a5b2-7c1e-7000-8000-0000000000b2';
const file = { caseFileId, clientId, familyIds: [clientId, parentId], referredAt: '2026-03-02T09:00:00.000Z' };
const at = '2026-03-20T10:00:00.000Z';

const goals = (): GoalInput[] => [
  {
    goalId: goalA,
    text: 'Wij willen weer rust in huis',
    actions: [
      { actionId: action1, performer: { kind: 'family', clientId: parentId }, what: 'Vaste bedtijden', dueOn: '2026-04-01' },
      { actionId: action2, performer: { kind: 'professional', partyCode: 'jgz' }, what: 'Opvoedadvies', dueOn: '2026-04-15' },
    ],
  },
];
const draft = (input = goals()) => ({ type: 'DraftPlan' as const, data: { file, goals: input, draftedBy: 'coach-noord-1', draftedAt: at } });
const drafted = (version = 1): PlanEvent => ({
  type: 'PlanDrafted',
  data: {
    caseFileId,
    clientId,
    version,
    goals: [{ goalId: goalA }],
    actions: [
      { actionId: action1, goalId: goalA, performer: { kind: 'family', clientId: parentId }, dueOn: '2026-04-01' },
      { actionId: action2, goalId: goalA, performer: { kind: 'professional', partyCode: 'jgz' }, dueOn: '2026-04-15' },
    ],
    texts: { goals: { [goalA]: 'Wij willen weer rust in huis' }, actions: { [action1]: 'Vaste bedtijden', [action2]: 'Opvoedadvies' } },
    due: '2026-04-13',
    draftedBy: 'coach-noord-1',
    draftedAt: at,
  },
});
const agree = (overrides: Record<string, unknown> = {}) => ({
  type: 'AgreePlan' as const,
  data: { file, version: 1, agreedBy: [parentId], agreedOn: '2026-03-20', signedDocumentId: null, oneFamilyOnePlanMeetingOn: null, agreedAt: at, ...overrides },
});
const agreed = (): PlanEvent => planDecider.decide(agree(), [drafted()].reduce(planDecider.evolve, planDecider.initialState()))[0];

describe('plan of approach decider', () => {
  it('is due six weeks after the referral (seed 000: 2-6 weeks)', () => {
    expect(planDueOf('2026-03-02T09:00:00.000Z')).toBe('2026-04-13');
    expect(planDueOf('2026-12-31T23:30:00.000Z')).toBe('2027-02-11');
  });

  it('drafts version 1: the client\'s words apart (sealed), the facts by ids and codes', () => {
    spec.given([]).when(draft()).then([drafted()]);
  });

  it('redoes the draft while it is not agreed, keeping the version', () => {
    spec.given([drafted()]).when(draft()).then([drafted()]);
  });

  it('refuses a draft once the plan is agreed: that is a revision', () => {
    spec.given([drafted(), agreed()]).when(draft()).thenRejects('plan_agreed_revise_instead');
  });

  it('names the field at fault in a draft', () => {
    spec.given([]).when(draft([])).thenRejects('plan_needs_a_goal', 'goals');
    spec.given([]).when(draft([{ ...goals()[0], text: '  ' }])).thenRejects('text_required', 'goals.0.text');
    const [goal] = goals();
    const stranger = { ...goal, actions: [{ ...goal.actions[0], performer: { kind: 'family' as const, clientId: '0193a5b2-7c1e-7000-8000-00000000dead' } }] };
    spec.given([]).when(draft([stranger])).thenRejects('not_of_the_family', 'goals.0.actions.0.performer.clientId');
    const late = { ...goal, actions: [{ ...goal.actions[0], dueOn: '2026-02-30' }] };
    spec.given([]).when(draft([late])).thenRejects('invalid_date', 'goals.0.actions.0.dueOn');
    spec.given([]).when(draft([goal, { ...goal, actions: [] }])).thenRejects('duplicate_id', 'goals.1.goalId');
  });

  it('records the agreement with the due date and whether it was on time', () => {
    spec
      .given([drafted()])
      .when(agree({ signedDocumentId: '0193a5b2-7c1e-7000-8000-0000000000d1' }))
      .then([
        {
          type: 'PlanAgreed',
          data: {
            caseFileId,
            clientId,
            version: 1,
            goalIds: [goalA],
            actionCount: 2,
            performers: [
              { kind: 'family', clientId: parentId },
              { kind: 'professional', partyCode: 'jgz' },
            ],
            agreedBy: [parentId],
            agreedOn: '2026-03-20',
            signedDocumentId: '0193a5b2-7c1e-7000-8000-0000000000d1',
            oneFamilyOnePlanMeetingOn: null,
            due: '2026-04-13',
            onTime: true,
            agreedAt: at,
          },
        },
      ]);
  });

  it('an agreement after six weeks is late', () => {
    const late = '2026-04-20T10:00:00.000Z';
    const [event] = planDecider.decide(agree({ agreedOn: '2026-04-20', agreedAt: late }), planDecider.evolve(planDecider.initialState(), drafted()));
    expect(event.data).toMatchObject({ due: '2026-04-13', onTime: false });
  });

  it('only the family agrees, on a day not in the future, on the current version, once', () => {
    spec.given([drafted()]).when(agree({ agreedBy: [] })).thenRejects('agreement_by_client_required', 'agreedBy');
    spec.given([drafted()]).when(agree({ agreedBy: [parentId, 'coach-noord-1'] })).thenRejects('not_of_the_family', 'agreedBy.1');
    spec.given([drafted()]).when(agree({ agreedOn: '2026-03-21' })).thenRejects('agreed_in_future', 'agreedOn');
    spec.given([drafted()]).when(agree({ version: 2 })).thenRejects('plan_version_not_current', 'version');
    spec.given([drafted(), agreed()]).when(agree()).thenRejects('plan_already_agreed');
    spec.given([]).when(agree()).thenRejects('plan_not_found');
  });

  describe('1G1P (seed 003): two or more professional providers need one meeting', () => {
    const twoProviders = (): GoalInput[] => {
      const [goal] = goals();
      return [{ ...goal, actions: [...goal.actions, { actionId: '0193a5b2-7c1e-7000-8000-0000000000b3', performer: { kind: 'professional', partyCode: 'ggz-noord' }, what: 'Behandeling', dueOn: '2026-05-01' }] }];
    };
    const draftedTwo = () => planDecider.decide(draft(twoProviders()), planDecider.initialState());

    it('refuses the agreement without the meeting date, naming it', () => {
      spec.given(draftedTwo()).when(agree()).thenRejects('one_family_one_plan_meeting_required', 'oneFamilyOnePlanMeetingOn');
    });

    it('agrees with the meeting date', () => {
      const [event] = planDecider.decide(agree({ oneFamilyOnePlanMeetingOn: '2026-03-18' }), draftedTwo().reduce(planDecider.evolve, planDecider.initialState()));
      expect(event.data).toMatchObject({ oneFamilyOnePlanMeetingOn: '2026-03-18', actionCount: 3 });
    });

    it('one provider twice, or the family and its network, need no meeting', () => {
      const [goal] = goals();
      const sameProvider: GoalInput[] = [{ ...goal, actions: [...goal.actions, { actionId: '0193a5b2-7c1e-7000-8000-0000000000b3', performer: { kind: 'professional', partyCode: 'jgz' }, what: 'Nog een', dueOn: '2026-05-01' }] }];
      const events = planDecider.decide(draft(sameProvider), planDecider.initialState());
      expect(() => planDecider.decide(agree(), events.reduce(planDecider.evolve, planDecider.initialState()))).not.toThrow();
    });
  });

  describe('revisions', () => {
    const revise = (input: GoalInput[], reason = 'evaluation') => ({ type: 'RevisePlan' as const, data: { file, goals: input, reason: reason as never, revisedBy: 'coach-noord-1', revisedAt: at } });

    it('a revision is a new version with what changed, to be agreed again', () => {
      const [goal] = goals();
      const revised = [
        { ...goal, text: 'Rust in huis en op school', actions: [goal.actions[0]] },
        { goalId: goalB, text: 'Naar de sportclub', actions: [] },
      ];
      const history = [drafted(), agreed()];
      const [event] = planDecider.decide(revise(revised), history.reduce(planDecider.evolve, planDecider.initialState()));
      expect(event).toMatchObject({ type: 'PlanRevised', data: { version: 2, previousVersion: 1, changes: ['goals_added', 'goals_changed', 'actions_removed'], reason: 'evaluation' } });
      const state = [...history, event].reduce(planDecider.evolve, planDecider.initialState());
      expect(state).toMatchObject({ status: 'draft', version: 2, agreedVersion: 1, agreedGoalIds: [goalA] });
      expect(state.history.map((entry) => [entry.version, entry.status])).toEqual([[1, 'agreed'], [2, 'draft']]);
      spec.given([...history, event]).when(agree({ version: 1 })).thenRejects('plan_version_not_current', 'version');
      const [again] = planDecider.decide(agree({ version: 2 }), state);
      expect(again.data).toMatchObject({ version: 2, goalIds: [goalA, goalB], due: null, onTime: null });
      expect(planDecider.evolve(state, again)).toMatchObject({ status: 'agreed', agreedVersion: 2, agreedGoalIds: [goalA, goalB], firstAgreedOn: '2026-03-20' });
    });

    it('computes every kind of change from the versions, never from the caller', () => {
      const before = { goals: [{ goalId: goalA }], actions: [{ actionId: action1, goalId: goalA, performer: { kind: 'network' as const, partyCode: 'oma' }, dueOn: '2026-04-01' }], texts: { goals: { [goalA]: 'a' }, actions: { [action1]: 'x' } } };
      expect(changesBetween(before, before)).toEqual([]);
      expect(changesBetween(before, { ...before, actions: [{ ...before.actions[0], dueOn: '2026-05-01' }] })).toEqual(['actions_changed']);
      expect(changesBetween(before, { ...before, texts: { ...before.texts, actions: { [action1]: 'y' } } })).toEqual(['actions_changed']);
      expect(changesBetween(before, { goals: [{ goalId: goalB }], actions: [{ ...before.actions[0], actionId: action2, goalId: goalB }], texts: { goals: { [goalB]: 'b' }, actions: { [action2]: 'x' } } })).toEqual([
        'goals_added',
        'goals_removed',
        'actions_added',
        'actions_removed',
      ]);
    });

    it('refuses a revision that changes nothing, one without a listed reason, and one of a draft', () => {
      spec.given([drafted(), agreed()]).when(revise(goals())).thenRejects('plan_unchanged', 'goals');
      spec.given([drafted(), agreed()]).when(revise([{ ...goals()[0], text: 'Anders' }], 'because')).thenRejects('unknown_revision_reason', 'reason');
      spec.given([drafted()]).when(revise(goals())).thenRejects('plan_not_agreed');
    });
  });
});
