import { addMonths } from '@wijkteam/contracts';
import { deciderSpec } from '@wijkteam/testing';
import { type EvaluationCommand, type EvaluationEvent, evaluationDecider, evaluationDueOf } from './evaluation';
import type { ZrmReference } from './zrm';

const reference: ZrmReference = { version: 'zrm-test', domains: [{ code: 'financien', label: 'Financiën' }, { code: 'huisvesting', label: 'Huisvesting' }] };
const decider = evaluationDecider(reference);
const spec = deciderSpec(decider);
const caseFileId = '0193a5b2-7c1e-7000-8000-00000000f001';
const clientId = '0193a5b2-7c1e-7000-8000-00000000c001';
const goalA = '0193a5b2-7c1e-7000-8000-0000000000a1';
const goalB = '0193a5b2-7c1e-7000-8000-0000000000a2';
const referredAt = '2026-03-02T09:00:00.000Z';

const hold = (overrides: Partial<EvaluationCommand['data']> = {}): EvaluationCommand => ({
  type: 'HoldEvaluation',
  data: {
    caseFileId,
    clientId,
    referredAt,
    plan: { version: 1, goalIds: [goalA, goalB] },
    heldOn: '2026-06-01',
    goals: [
      { goalId: goalA, progress: 'progressing' },
      { goalId: goalB, progress: 'no_change' },
    ],
    clientSatisfaction: 7,
    zrm: { financien: 3, huisvesting: 4 },
    reasonToContinue: null,
    conclusion: 'continue',
    heldBy: 'coach-noord-1',
    heldAt: '2026-06-01T14:00:00.000Z',
    ...overrides,
  },
});
const held = (number: number, heldOn: string, conclusion: 'continue' | 'close' = 'continue'): EvaluationEvent =>
  decider.decide(hold({ heldOn, heldAt: `${heldOn}T14:00:00.000Z`, conclusion, reasonToContinue: number >= 2 ? 'Nog niet klaar' : null }), { held: number - 1, concluded: false })[0];

describe('evaluation due dates (seed 000: 3 and 6 months after the referral, then every 3 months)', () => {
  it('numbers the evaluations and dates them from the referral', () => {
    expect(evaluationDueOf(referredAt, 0, '2026-03-02')).toEqual({ evaluationNumber: 1, due: '2026-06-02', overdue: false });
    expect(evaluationDueOf(referredAt, 1, '2026-06-02')).toEqual({ evaluationNumber: 2, due: '2026-09-02', overdue: false });
    expect(evaluationDueOf(referredAt, 2, '2026-12-03')).toEqual({ evaluationNumber: 3, due: '2026-12-02', overdue: true });
    expect(evaluationDueOf(referredAt, 3, '2026-12-03').due).toBe('2027-03-02');
  });

  it('keeps to the calendar at month ends, in UTC', () => {
    expect(evaluationDueOf('2026-08-31T10:00:00.000Z', 0, '2026-09-01').due).toBe('2026-11-30');
    expect(evaluationDueOf('2026-08-31T10:00:00.000Z', 1, '2026-09-01').due).toBe('2027-02-28');
    expect(evaluationDueOf('2027-08-31T10:00:00.000Z', 1, '2027-09-01').due).toBe('2028-02-29');
    expect(evaluationDueOf('2026-08-31T10:00:00.000Z', 2, '2026-09-01').due).toBe('2027-05-31');
    // 23:30 in Amsterdam on 30 November is already 1 December there, but 30 November in UTC.
    expect(evaluationDueOf('2026-11-30T23:30:00.000Z', 0, '2026-12-01').due).toBe('2027-02-28');
    expect(addMonths('2026-12-15', 3)).toBe('2027-03-15');
  });
});

describe('evaluation decider', () => {
  it('holds the first evaluation: progress per goal, satisfaction, the ZRM rescored', () => {
    spec
      .given([])
      .when(hold())
      .then([
        {
          type: 'EvaluationHeld',
          data: {
            caseFileId,
            clientId,
            evaluationNumber: 1,
            due: '2026-06-02',
            heldOn: '2026-06-01',
            onTime: true,
            planVersion: 1,
            goalProgress: [
              { goalId: goalA, progress: 'progressing' },
              { goalId: goalB, progress: 'no_change' },
            ],
            clientSatisfaction: 7,
            zrm: { financien: 3, huisvesting: 4 },
            zrmVersion: 'zrm-test',
            reasonToContinue: null,
            reasonToContinueGiven: false,
            conclusion: 'continue',
            heldBy: 'coach-noord-1',
            heldAt: '2026-06-01T14:00:00.000Z',
          },
        },
      ]);
  });

  it('a late evaluation is not on time', () => {
    const [event] = decider.decide(hold({ heldOn: '2026-06-10', heldAt: '2026-06-10T09:00:00.000Z' }), decider.initialState());
    expect(event.data).toMatchObject({ evaluationNumber: 1, due: '2026-06-02', onTime: false });
  });

  it('evaluates every goal of the agreed plan, and only those', () => {
    spec.given([]).when(hold({ goals: [{ goalId: goalA, progress: 'achieved' }] })).thenRejects('goal_not_evaluated', 'goals');
    const stranger = '0193a5b2-7c1e-7000-8000-0000000000ff';
    spec.given([]).when(hold({ goals: [{ goalId: goalA, progress: 'achieved' }, { goalId: stranger, progress: 'achieved' }] })).thenRejects('goal_not_in_plan', 'goals.1.goalId');
    spec.given([]).when(hold({ goals: [{ goalId: goalA, progress: 'achieved' }, { goalId: goalA, progress: 'achieved' }] })).thenRejects('goal_evaluated_twice', 'goals.1.goalId');
    spec.given([]).when(hold({ goals: [{ goalId: goalA, progress: 'better' as never }, { goalId: goalB, progress: 'achieved' }] })).thenRejects('unknown_progress', 'goals.0.progress');
    spec.given([]).when(hold({ plan: null })).thenRejects('no_agreed_plan');
  });

  it('checks satisfaction (1-10) and the ZRM against the reference', () => {
    spec.given([]).when(hold({ clientSatisfaction: 11 })).thenRejects('satisfaction_out_of_range', 'clientSatisfaction');
    spec.given([]).when(hold({ clientSatisfaction: 6.5 })).thenRejects('satisfaction_out_of_range', 'clientSatisfaction');
    spec.given([]).when(hold({ zrm: { financien: 3 } })).thenRejects('zrm_score_missing', 'zrm.huisvesting');
    spec.given([]).when(hold({ zrm: { financien: 3, huisvesting: 6 } })).thenRejects('zrm_score_out_of_range', 'zrm.huisvesting');
  });

  it('refuses an evaluation dated in the future or before the previous one', () => {
    spec.given([]).when(hold({ heldOn: '2026-06-02' })).thenRejects('held_in_future', 'heldOn');
    spec.given([held(1, '2026-06-01')]).when(hold({ heldOn: '2026-05-01', reasonToContinue: 'x' })).thenRejects('held_before_previous_evaluation', 'heldOn');
  });

  describe('from six months: why care continues (seed 000)', () => {
    const sixMonths = { heldOn: '2026-09-02', heldAt: '2026-09-02T10:00:00.000Z' };

    it('refuses the second evaluation without a reason to continue, naming it', () => {
      spec.given([held(1, '2026-06-01')]).when(hold(sixMonths)).thenRejects('reason_to_continue_required', 'reasonToContinue');
      spec.given([held(1, '2026-06-01')]).when(hold({ ...sixMonths, reasonToContinue: '   ' })).thenRejects('reason_to_continue_required', 'reasonToContinue');
    });

    it('requires it for a first evaluation held after six months too', () => {
      spec.given([]).when(hold(sixMonths)).thenRejects('reason_to_continue_required', 'reasonToContinue');
    });

    it('accepts it with a reason (kept, sealed) and numbers it 2', () => {
      const [event] = decider.decide(hold({ ...sixMonths, reasonToContinue: ' Moeder wil nog oefenen ' }), [held(1, '2026-06-01')].reduce(decider.evolve, decider.initialState()));
      expect(event.data).toMatchObject({ evaluationNumber: 2, due: '2026-09-02', onTime: true, reasonToContinue: 'Moeder wil nog oefenen', reasonToContinueGiven: true });
    });

    it('needs no reason when the evaluation concludes care ends; after that none is due', () => {
      const [event] = decider.decide(hold({ ...sixMonths, conclusion: 'close' }), [held(1, '2026-06-01')].reduce(decider.evolve, decider.initialState()));
      expect(event.data).toMatchObject({ conclusion: 'close', reasonToContinue: null });
      spec.given([held(1, '2026-06-01'), event]).when(hold({ heldOn: '2026-12-01', heldAt: '2026-12-01T10:00:00.000Z', reasonToContinue: 'x' })).thenRejects('evaluations_concluded');
    });
  });
});
