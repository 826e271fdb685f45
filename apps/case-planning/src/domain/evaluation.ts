import { addMonths, assertDate, dateOf, type Decider, DomainError, type DomainEvent, EVALUATION_CONCLUSIONS, EVALUATION_INTERVAL_MONTHS, evaluationDueDate, GOAL_PROGRESS, streamOf } from '@wijkteam/contracts';
import { assertZrmScores, type ZrmReference, type ZrmScores } from './zrm';

/**
 * The evaluations of a case file with the client (seed 000): "3 maanden na aanmelding" and
 * "6 maanden na aanmelding", then every 3 months; each discusses the progress of the plan of
 * approach per goal and the client's satisfaction, and rescores the ZRM. From 6 months on, "gericht
 * aan kunnen geven waarom zorg nog doorloopt": a written reason to continue (sealed, the client's
 * personal data), unless the evaluation concludes that care ends.
 */
export { EVALUATION_CONCLUSIONS, GOAL_PROGRESS };
export type GoalProgress = (typeof GOAL_PROGRESS)[number];
export type EvaluationConclusion = (typeof EVALUATION_CONCLUSIONS)[number];

/** seed 000: every evaluation three months after the previous one, counted from the referral (shared with reporting). */
export { EVALUATION_INTERVAL_MONTHS };
/** seed 000: from six months after the referral a reason to continue is required. */
export const REASON_REQUIRED_FROM_MONTHS = 6;

/** The evaluation due next: its number and its date, and whether it is overdue today (all UTC days). */
export interface EvaluationDue {
  evaluationNumber: number;
  due: string;
  overdue: boolean;
}

/**
 * Which evaluation is due and when, from the referral and the number already held: the n-th is due
 * 3n months after the referral's UTC day (3, 6, 9, … months), so a late evaluation does not move the
 * ones after it. Pure: the clock arrives as `today`.
 */
export function evaluationDueOf(referredAt: string, held: number, today: string): EvaluationDue {
  const evaluationNumber = held + 1;
  const due = evaluationDueDate(referredAt, evaluationNumber);
  return { evaluationNumber, due, overdue: today > due };
}

/** The agreed plan as the handler read it: what the evaluation evaluates. */
export interface EvaluatedPlan {
  version: number;
  goalIds: string[];
}

export type EvaluationCommand = {
  type: 'HoldEvaluation';
  data: {
    caseFileId: string;
    clientId: string;
    referredAt: string;
    /** The current agreed plan (read by the handler); null when no version was ever agreed. */
    plan: EvaluatedPlan | null;
    heldOn: string;
    goals: { goalId: string; progress: GoalProgress }[];
    clientSatisfaction: number;
    zrm: ZrmScores;
    reasonToContinue: string | null;
    conclusion: EvaluationConclusion;
    heldBy: string;
    heldAt: string;
  };
};

export type EvaluationEvent = DomainEvent<
  'EvaluationHeld',
  {
    caseFileId: string;
    clientId: string;
    evaluationNumber: number;
    due: string;
    heldOn: string;
    onTime: boolean;
    planVersion: number;
    goalProgress: { goalId: string; progress: GoalProgress }[];
    clientSatisfaction: number;
    /** Stays in the service (not in the public event). */
    zrm: ZrmScores;
    zrmVersion: string;
    /** Sealed (the referred child's key); null at a closing evaluation or before 6 months without one. */
    reasonToContinue: string | null;
    /** Readable without the key (the gateway and read models need only this). */
    reasonToContinueGiven: boolean;
    conclusion: EvaluationConclusion;
    heldBy: string;
    heldAt: string;
  }
>;

export interface EvaluationState {
  held: number;
  /** An evaluation concluded that care ends: no further evaluations are due. */
  concluded: boolean;
  last?: { evaluationNumber: number; heldOn: string; conclusion: EvaluationConclusion };
}

const MAX_REASON = 2000;

/** The decider, bound to the ZRM reference the scores are checked against (reference data, injected). */
export function evaluationDecider(zrmReference: ZrmReference): Decider<EvaluationCommand, EvaluationEvent, EvaluationState> {
  return {
    initialState: () => ({ held: 0, concluded: false }),

    decide({ data }, state) {
      if (state.concluded) throw new DomainError('evaluations_concluded');
      if (data.plan === null) throw new DomainError('no_agreed_plan');
      assertDate(data.heldOn, 'heldOn');
      if (data.heldOn > dateOf(data.heldAt)) throw new DomainError('held_in_future', 'unprocessable', 'heldOn');
      if (state.last && data.heldOn < state.last.heldOn) throw new DomainError('held_before_previous_evaluation', 'unprocessable', 'heldOn');
      assertGoalsCovered(data.goals, data.plan.goalIds);
      if (!Number.isInteger(data.clientSatisfaction) || data.clientSatisfaction < 1 || data.clientSatisfaction > 10)
        throw new DomainError('satisfaction_out_of_range', 'unprocessable', 'clientSatisfaction');
      assertZrmScores(data.zrm, zrmReference, 'zrm');
      if (!(EVALUATION_CONCLUSIONS as readonly string[]).includes(data.conclusion)) throw new DomainError('unknown_conclusion', 'unprocessable', 'conclusion');

      const { evaluationNumber, due } = evaluationDueOf(data.referredAt, state.held, data.heldOn);
      const reason = data.reasonToContinue?.trim() || null;
      if (reason !== null && reason.length > MAX_REASON) throw new DomainError('text_too_long', 'unprocessable', 'reasonToContinue');
      const sixMonths = addMonths(dateOf(data.referredAt), REASON_REQUIRED_FROM_MONTHS);
      const kept = data.conclusion === 'close' ? null : reason;
      const reasonRequired = data.conclusion === 'continue' && (evaluationNumber >= 2 || data.heldOn >= sixMonths);
      if (reasonRequired && reason === null) throw new DomainError('reason_to_continue_required', 'unprocessable', 'reasonToContinue');

      return [
        {
          type: 'EvaluationHeld',
          data: {
            caseFileId: data.caseFileId,
            clientId: data.clientId,
            evaluationNumber,
            due,
            heldOn: data.heldOn,
            onTime: data.heldOn <= due,
            planVersion: data.plan.version,
            goalProgress: data.goals.map(({ goalId, progress }) => ({ goalId, progress })),
            clientSatisfaction: data.clientSatisfaction,
            zrm: { ...data.zrm },
            zrmVersion: zrmReference.version,
            reasonToContinue: kept,
            reasonToContinueGiven: kept !== null,
            conclusion: data.conclusion,
            heldBy: data.heldBy,
            heldAt: data.heldAt,
          },
        },
      ];
    },

    evolve(state, { data }) {
      return {
        held: state.held + 1,
        concluded: data.conclusion === 'close',
        last: { evaluationNumber: data.evaluationNumber, heldOn: data.heldOn, conclusion: data.conclusion },
      };
    },
  };
}

/** Every goal of the agreed plan evaluated once, and no other. */
function assertGoalsCovered(goals: { goalId: string; progress: string }[], planGoalIds: string[]): void {
  const seen = new Set<string>();
  goals.forEach(({ goalId, progress }, index) => {
    if (!planGoalIds.includes(goalId)) throw new DomainError('goal_not_in_plan', 'unprocessable', `goals.${index}.goalId`);
    if (seen.has(goalId)) throw new DomainError('goal_evaluated_twice', 'unprocessable', `goals.${index}.goalId`);
    seen.add(goalId);
    if (!(GOAL_PROGRESS as readonly string[]).includes(progress)) throw new DomainError('unknown_progress', 'unprocessable', `goals.${index}.progress`);
  });
  if (planGoalIds.some((goalId) => !seen.has(goalId))) throw new DomainError('goal_not_evaluated', 'unprocessable', 'goals');
}

/** `casePlanning.evaluation-<caseFileId>` */
export const evaluationStream = streamOf('case-planning', 'evaluation');
