import { z } from 'zod/v4';
import { ROLES } from '../../codes/roles.codes';
import { MELDCODE_OUTCOMES } from '../../codes/safety-meldcode.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateTime, UserId } from '../../events/fields';

/**
 * seeds 000, 002: a step of the Meldcode (1 signals, 2 collegial consultation, 3 talk with the
 * client, 4 afwegingskader, 5 decision) was completed. Steps 4 and 5 count only once a second
 * professional confirmed them (four eyes). Codes and ids only: the note on the signals is sealed
 * in safety's store and never leaves it.
 */
export const MeldcodeStepCompleted = defineEvent({
  service: 'safety',
  type: 'MeldcodeStepCompleted',
  version: 1,
  description: 'A Meldcode step (1-5) was completed in order; steps 4 and 5 confirmed by a second professional.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    trajectoryId: CanonicalId,
    step: z.number().int().min(1).max(5),
    completedBy: UserId,
    completedByRole: z.enum(ROLES),
    secondProfessionalId: UserId.nullable().meta({ description: 'Step 2: the colleague consulted; steps 4 and 5: who confirmed; null for steps 1 and 3' }),
    secondProfessionalRole: z.enum(ROLES).nullable().meta({ description: 'The role of the confirming professional (steps 4, 5); null where unknown or none' }),
    completedAt: DateTime,
  }),
});

/**
 * seed 001: the decision of step 5, confirmed by a second professional. A decision that reports to
 * Veilig Thuis or organises help is the legal ground `child_safety_meldcode` a disclosure without
 * consent may rest on; its decisionId is what the disclosure's basis names.
 */
export const MeldcodeDecisionTaken = defineEvent({
  service: 'safety',
  type: 'MeldcodeDecisionTaken',
  version: 1,
  description: 'The Meldcode decision (step 5): report to Veilig Thuis and/or organise help, or no further action; four eyes.',
  subject: (data) => data.decisionId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    trajectoryId: CanonicalId,
    decisionId: CanonicalId,
    outcome: z.enum(MELDCODE_OUTCOMES),
    decidedBy: UserId,
    decidedByRole: z.enum(ROLES),
    secondProfessionalId: UserId,
    secondProfessionalRole: z.enum(ROLES),
    decidedAt: DateTime,
  }),
});

export const MELDCODE_EVENTS = [MeldcodeStepCompleted, MeldcodeDecisionTaken] as const;
