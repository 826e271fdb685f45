import { CrisisInterventionConsidered, EtmAssessed, SafetyPlanRecorded, SafetyPlanRequired } from '@wijkteam/contracts';
import { canonical, type GatewayRoute, toPublic, utc } from '@wijkteam/messaging';
import { DEFAULT_SAFETY_PLAN_DAYS, safetyPlanDueOf } from '../domain/safety-plan';

/**
 * The assessments' public events: the ETM score and its reason codes, the safety-plan requirement
 * and its deadline, the CIT decision, a plan version by its count. Never a level text, the written
 * explanation or an agreement's words (sealed, they stay in safety).
 */
export const assessmentRoutes: Record<string, GatewayRoute> = {
  EtmAssessed: toPublic(EtmAssessed, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    clientId: canonical(data.clientId),
    assessmentId: canonical(data.assessmentId),
    score: data.score,
    // An assessment recorded before reasons existed has none.
    reasons: (data.reasons as string[] | undefined) ?? [],
    // Recorded in the clear beside the sealed text; an assessment from before had none.
    explained: data.explained ?? false,
    assessorId: data.assessorId,
    secondAssessorId: data.secondAssessorId,
    assessedAt: utc(data.assessedAt),
  })),
  SafetyPlanRequired: toPublic(SafetyPlanRequired, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    assessmentId: canonical(data.assessmentId),
    considerCrisisInterventionTeam: data.considerCrisisInterventionTeam,
    // A requirement recorded before deadlines existed had the default one.
    due: (data.due as string | undefined) ?? safetyPlanDueOf(data.requiredAt as string, DEFAULT_SAFETY_PLAN_DAYS),
    requiredAt: utc(data.requiredAt),
  })),
  CrisisInterventionConsidered: toPublic(CrisisInterventionConsidered, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    assessmentId: canonical(data.assessmentId),
    involve: data.involve,
    reason: data.reason,
    decidedBy: data.decidedBy,
    secondProfessionalId: data.secondProfessionalId,
    decidedAt: utc(data.decidedAt),
  })),
  SafetyPlanRecorded: toPublic(SafetyPlanRecorded, ({ data }) => ({
    caseFileId: canonical(data.caseFileId),
    version: data.version,
    agreementCount: Array.isArray(data.agreements) ? data.agreements.length : undefined,
    reviewOn: data.reviewOn,
    recordedBy: data.recordedBy,
    recordedAt: utc(data.recordedAt),
  })),
};
