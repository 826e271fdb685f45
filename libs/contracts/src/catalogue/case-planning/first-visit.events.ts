import { z } from 'zod/v4';
import { FIRST_VISIT_LOCATIONS } from '../../codes/case-planning-network.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateOnly, DateTime, UserId } from '../../events/fields';

/**
 * seed 000: the first visit (kennismakingshuisbezoek) took place. Ids, codes, dates and flags only:
 * the ZRM scores stay in case planning (only that they were scored and against which list), the
 * ETM is the safety service's assessment (its id and score).
 */
export const FirstVisitHeld = defineEvent({
  service: 'case-planning',
  type: 'FirstVisitHeld',
  version: 1,
  description: 'seed 000: the first visit was held, within 2 weeks of the referral (onTime), preferably by two coaches at home; ZRM and ETM scored.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    coachIds: z.array(UserId).min(1).max(2),
    twoCoaches: z.boolean(),
    atHome: z.boolean(),
    location: z.enum(FIRST_VISIT_LOCATIONS),
    explained: z.strictObject({ wayOfWorking: z.boolean(), privacy: z.boolean(), complaintsProcedure: z.boolean() }),
    zrmScored: z.literal(true),
    zrmVersion: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/).meta({ description: 'Version code of the ZRM reference list scored against' }),
    etmAssessmentId: CanonicalId.meta({ description: "The safety service's EtmAssessed" }),
    etmScore: z.number().int().min(1).max(5),
    safetyAnalysisNeeded: z.boolean(),
    sisaSignalDiscussed: z.boolean(),
    heldOn: DateOnly,
    due: DateOnly.meta({ description: 'The deadline: the case conference date, or referral + 14 days' }),
    onTime: z.boolean(),
    heldAt: DateTime,
  }),
});

export const FIRST_VISIT_EVENTS = [FirstVisitHeld] as const;
