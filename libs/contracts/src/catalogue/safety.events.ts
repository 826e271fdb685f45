import { z } from 'zod/v4';
import { defineEvent } from '../events/define-event';
import { CanonicalId, DateTime, UserId } from '../events/fields';

export const EtmAssessed = defineEvent({
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

export const SafetyPlanRequired = defineEvent({
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

export const SAFETY_EVENTS = [EtmAssessed, SafetyPlanRequired] as const;
