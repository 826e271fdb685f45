import { z } from 'zod/v4';
import { CRISIS_INTERVENTION_REASONS, ETM_REASONS } from '../../codes/safety-assessment.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateOnly, DateTime, UserId } from '../../events/fields';

export const EtmAssessedV1 = defineEvent({
  service: 'safety',
  type: 'EtmAssessed',
  version: 1,
  description: 'An ETM severity score (1-5), assessed by two professionals (seed 002: never alone). Level texts are not public.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    assessmentId: CanonicalId,
    score: z.number().int().min(1).max(5),
    assessorId: UserId,
    secondAssessorId: UserId,
    assessedAt: DateTime,
  }),
});

/**
 * v2 (issue 15): why the level was given, as codes from a fixed list, and whether the assessors
 * explained it in words; the explanation itself is personal data and stays sealed in safety.
 */
export const EtmAssessed = defineEvent({
  service: 'safety',
  type: 'EtmAssessed',
  version: 2,
  description: 'An ETM severity score (1-5) with its reasons (codes), assessed by two professionals (seed 002: never alone). Level texts and the written explanation are not public.',
  subject: (data) => data.caseFileId,
  previous: EtmAssessedV1,
  upcast: (v1) => ({ ...v1, reasons: [], explained: false }),
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    assessmentId: CanonicalId,
    score: z.number().int().min(1).max(5),
    reasons: z.array(z.enum(ETM_REASONS)).max(ETM_REASONS.length).meta({ description: 'Why this level (codes); empty for an assessment published before v2' }),
    explained: z.boolean().meta({ description: 'Whether a written explanation was recorded (sealed, never published)' }),
    assessorId: UserId,
    secondAssessorId: UserId,
    assessedAt: DateTime,
  }),
});

export const SafetyPlanRequiredV1 = defineEvent({
  service: 'safety',
  type: 'SafetyPlanRequired',
  version: 1,
  description: 'seed 000: ETM 5 requires a safety plan; the Crisis Interventie Team is to be considered.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    assessmentId: CanonicalId,
    considerCrisisInterventionTeam: z.literal(true),
    requiredAt: DateTime,
  }),
});

/** The default SAFETY_PLAN_DAYS: a v1 requirement predates the setting, so it had the default deadline. */
const V1_PLAN_DAYS = 5;

/** v2 (issue 15): the day after which the safety plan is overdue. */
export const SafetyPlanRequired = defineEvent({
  service: 'safety',
  type: 'SafetyPlanRequired',
  version: 2,
  description: 'seed 000: ETM 5 requires a safety plan by a deadline; the Crisis Interventie Team is to be considered.',
  subject: (data) => data.caseFileId,
  previous: SafetyPlanRequiredV1,
  upcast: (v1) => {
    const due = new Date(`${v1.requiredAt.slice(0, 10)}T00:00:00.000Z`);
    due.setUTCDate(due.getUTCDate() + V1_PLAN_DAYS);
    return { ...v1, due: due.toISOString().slice(0, 10) };
  },
  data: z.strictObject({
    caseFileId: CanonicalId,
    assessmentId: CanonicalId,
    considerCrisisInterventionTeam: z.literal(true),
    due: DateOnly.meta({ description: 'The last day (UTC) to record the safety plan; overdue after it' }),
    requiredAt: DateTime,
  }),
});

/** seed 000: at ETM 5 the team decided whether to involve the Crisis Interventie Team (or ask its advice), four eyes (seed 002). */
export const CrisisInterventionConsidered = defineEvent({
  service: 'safety',
  type: 'CrisisInterventionConsidered',
  version: 1,
  description: 'seed 000: at ETM 5, the decision whether to involve the Crisis Interventie Team, with its reason (code), taken by two professionals (seed 002).',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    assessmentId: CanonicalId.meta({ description: 'The ETM 5 assessment the decision answers' }),
    involve: z.boolean(),
    reason: z.enum(CRISIS_INTERVENTION_REASONS),
    decidedBy: UserId,
    secondProfessionalId: UserId,
    decidedAt: DateTime,
  }),
});

/** seed 000: the safety plan, a version of it; its agreements (who does what, what is watched) stay sealed in safety. */
export const SafetyPlanRecorded = defineEvent({
  service: 'safety',
  type: 'SafetyPlanRecorded',
  version: 1,
  description: 'seed 000: a version of the safety plan was recorded (a revision is a new version); the agreements themselves are not public.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    version: z.number().int().min(1),
    agreementCount: z.number().int().min(1),
    reviewOn: DateOnly,
    recordedBy: UserId,
    recordedAt: DateTime,
  }),
});

/** Safety's assessment events, every version. */
export const SAFETY_ASSESSMENT_EVENTS = [EtmAssessedV1, EtmAssessed, SafetyPlanRequiredV1, SafetyPlanRequired, CrisisInterventionConsidered, SafetyPlanRecorded] as const;
