import { z } from 'zod/v4';
import { EVALUATION_CONCLUSIONS, GOAL_PROGRESS } from '../../codes/case-planning-plan.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateOnly, DateTime } from '../../events/fields';

export const EvaluationHeld = defineEvent({
  service: 'case-planning',
  type: 'EvaluationHeld',
  version: 1,
  description:
    'seed 000: an evaluation of the plan with the client (3 and 6 months after the referral, then every 3 months): progress per goal, satisfaction, ZRM rescored. The scores and the written reason stay in the service.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    evaluationNumber: z.number().int().min(1),
    due: DateOnly,
    heldOn: DateOnly,
    onTime: z.boolean(),
    goalProgress: z.array(z.strictObject({ goalId: CanonicalId, progress: z.enum(GOAL_PROGRESS) })).min(1).max(50),
    clientSatisfaction: z.number().int().min(1).max(10),
    zrmRescored: z.literal(true),
    zrmVersion: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/),
    reasonToContinueGiven: z.boolean(),
    conclusion: z.enum(EVALUATION_CONCLUSIONS),
    heldAt: DateTime,
  }),
});

export const EVALUATION_EVENTS = [EvaluationHeld] as const;
