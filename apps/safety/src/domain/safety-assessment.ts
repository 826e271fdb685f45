import { CRISIS_INTERVENTION_REASONS, type Decider, type DomainEvent, DomainError, ETM_REASONS, streamOf } from '@wijkteam/contracts';
import { type AgreementInput, DEFAULT_SAFETY_PLAN_DAYS, planContentOf, safetyPlanDueOf, type SafetyPlanVersion } from './safety-plan';

/**
 * Safety per case file. Seeds 000/002: an ETM score (1-5) per assessment, with its reasons; safety
 * decisions are never taken alone (four eyes); ETM 5 requires a safety plan by a deadline and a
 * decision whether to involve the Crisis Interventie Team (CIT). The ETM level texts are reference
 * data (etm-levels.ts), not recorded here; a written explanation is personal data, sealed under the
 * assessed client's key (libs/contracts PERSONAL_DATA).
 */
export { CRISIS_INTERVENTION_REASONS, ETM_REASONS };
export type EtmReason = (typeof ETM_REASONS)[number];
export type CrisisInterventionReason = (typeof CRISIS_INTERVENTION_REASONS)[number];

type Assessment = {
  caseFileId: string;
  clientId: string;
  assessmentId: string;
  score: number;
  reasons: EtmReason[];
  /** In the assessors' words; null when the codes say it all. Sealed. */
  explanation: string | null;
  assessorId: string;
  secondAssessorId: string;
  assessedAt: string;
};
/** As recorded: whether an explanation was given is a plain fact, readable (and published) without opening the seal. */
type RecordedAssessment = Assessment & { explained: boolean };

type CrisisDecision = { caseFileId: string; assessmentId: string; involve: boolean; reason: CrisisInterventionReason; decidedBy: string; secondProfessionalId: string; decidedAt: string };

export type SafetyCommand =
  /** `safetyPlanDays`: SAFETY_PLAN_DAYS, the deadline of a plan this assessment requires. */
  | { type: 'RecordEtmAssessment'; data: Assessment & { safetyPlanDays: number } }
  | { type: 'DecideCrisisIntervention'; data: Omit<CrisisDecision, 'assessmentId'> }
  | {
      type: 'RecordSafetyPlan';
      data: { caseFileId: string; clientId: string; familyIds: string[]; agreements: AgreementInput[]; reviewOn: string; recordedBy: string; recordedAt: string };
    };

export type SafetyEvent =
  | DomainEvent<'EtmAssessed', RecordedAssessment>
  | DomainEvent<'SafetyPlanRequired', { caseFileId: string; assessmentId: string; considerCrisisInterventionTeam: true; due: string; requiredAt: string }>
  | DomainEvent<'CrisisInterventionConsidered', CrisisDecision>
  | DomainEvent<'SafetyPlanRecorded', { caseFileId: string; clientId: string } & SafetyPlanVersion>;

export interface SafetyState {
  caseFileId?: string;
  clientId?: string;
  latestScore?: number;
  latestAssessment?: Assessment;
  assessments: number;
  safetyPlanRequired: boolean;
  /** The last day to record the required plan (YYYY-MM-DD); null when none is required. */
  safetyPlanDue: string | null;
  /** The ETM 5 assessment awaiting a CIT decision; null when none is asked. */
  crisisInterventionAskedFor: string | null;
  crisisIntervention: CrisisDecision | null;
  safetyPlan: SafetyPlanVersion | null;
  /** Earlier versions, oldest first: a revision never overwrites what was agreed before. */
  previousSafetyPlans: SafetyPlanVersion[];
}

const MAX_EXPLANATION = 2000;

function assertAssessment(command: Extract<SafetyCommand, { type: 'RecordEtmAssessment' }>['data'], state: SafetyState): void {
  const { score, reasons, explanation, assessorId, secondAssessorId } = command;
  if (state.clientId && state.clientId !== command.clientId) throw new DomainError('client_mismatch', 'unprocessable', 'clientId');
  if (!Number.isInteger(score) || score < 1 || score > 5) throw new DomainError('etm_out_of_range', 'unprocessable', 'score');
  reasons.forEach((reason, index) => {
    if (!(ETM_REASONS as readonly string[]).includes(reason)) throw new DomainError('unknown_etm_reason', 'unprocessable', `reasons.${index}`);
    if (reasons.indexOf(reason) !== index) throw new DomainError('etm_reason_listed_twice', 'unprocessable', `reasons.${index}`);
  });
  if (explanation !== null && (explanation.trim().length === 0 || explanation.length > MAX_EXPLANATION)) throw new DomainError('invalid_explanation', 'unprocessable', 'explanation');
  // A concern outside the list is only a concern when someone says what it is.
  if (reasons.includes('other') && explanation === null) throw new DomainError('explanation_required', 'unprocessable', 'explanation');
  // seed 002: safety decisions are never taken alone
  if (assessorId === secondAssessorId) throw new DomainError('four_eyes_required', 'unprocessable', 'secondAssessorId');
}

export const safetyDecider: Decider<SafetyCommand, SafetyEvent, SafetyState> = {
  initialState: () => ({
    assessments: 0,
    safetyPlanRequired: false,
    safetyPlanDue: null,
    crisisInterventionAskedFor: null,
    crisisIntervention: null,
    safetyPlan: null,
    previousSafetyPlans: [],
  }),

  decide(command, state) {
    switch (command.type) {
      case 'RecordEtmAssessment': {
        assertAssessment(command.data, state);
        const { safetyPlanDays, ...assessment } = command.data;
        const events: SafetyEvent[] = [{ type: 'EtmAssessed', data: { ...assessment, explained: assessment.explanation !== null } }];
        // seed 000: ETM 5 => safety plan and CIT decision; once per episode: not while a plan is
        // still required, and after a plan was recorded only when the score rises to 5 again.
        const newEpisode = !state.safetyPlanRequired && (state.safetyPlan === null || (state.latestScore ?? 0) < 5);
        if (assessment.score === 5 && newEpisode) {
          const { caseFileId, assessmentId, assessedAt } = assessment;
          events.push({ type: 'SafetyPlanRequired', data: { caseFileId, assessmentId, considerCrisisInterventionTeam: true, due: safetyPlanDueOf(assessedAt, safetyPlanDays), requiredAt: assessedAt } });
        }
        return events;
      }
      case 'DecideCrisisIntervention': {
        const { decidedBy, secondProfessionalId, reason } = command.data;
        if (!state.crisisInterventionAskedFor) throw new DomainError(state.crisisIntervention ? 'crisis_intervention_already_decided' : 'crisis_intervention_not_asked');
        if (!(CRISIS_INTERVENTION_REASONS as readonly string[]).includes(reason)) throw new DomainError('unknown_crisis_intervention_reason', 'unprocessable', 'reason');
        if (decidedBy === secondProfessionalId) throw new DomainError('four_eyes_required', 'unprocessable', 'secondProfessionalId');
        return [{ type: 'CrisisInterventionConsidered', data: { ...command.data, assessmentId: state.crisisInterventionAskedFor } }];
      }
      case 'RecordSafetyPlan': {
        const { caseFileId, clientId, familyIds, agreements, reviewOn, recordedBy, recordedAt } = command.data;
        const content = planContentOf(agreements, familyIds, reviewOn, recordedAt);
        return [{ type: 'SafetyPlanRecorded', data: { caseFileId, clientId, version: (state.safetyPlan?.version ?? 0) + 1, ...content, reviewOn, recordedBy, recordedAt } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'EtmAssessed': {
        // An assessment recorded before reasons existed reads as one without reasons.
        const { explained: _explained, ...recorded } = event.data;
        const data: Assessment = { ...recorded, reasons: recorded.reasons ?? [], explanation: recorded.explanation ?? null };
        return { ...state, caseFileId: data.caseFileId, clientId: data.clientId, latestScore: data.score, latestAssessment: data, assessments: state.assessments + 1 };
      }
      case 'SafetyPlanRequired':
        return {
          ...state,
          safetyPlanRequired: true,
          // A requirement recorded before deadlines existed had the default one.
          safetyPlanDue: event.data.due ?? safetyPlanDueOf(event.data.requiredAt, DEFAULT_SAFETY_PLAN_DAYS),
          crisisInterventionAskedFor: event.data.assessmentId,
          crisisIntervention: null,
        };
      case 'CrisisInterventionConsidered':
        return { ...state, crisisInterventionAskedFor: null, crisisIntervention: event.data };
      case 'SafetyPlanRecorded': {
        const { caseFileId: _file, clientId: _client, ...version } = event.data;
        return {
          ...state,
          safetyPlanRequired: false,
          safetyPlanDue: null,
          safetyPlan: version,
          previousSafetyPlans: state.safetyPlan ? [...state.previousSafetyPlans, state.safetyPlan] : state.previousSafetyPlans,
        };
      }
    }
  },
};

/** `safety.assessment-<caseFileId>`: the safety assessments, CIT decisions and safety plan of one case file. */
export const safetyStream = streamOf('safety', 'assessment');
