import { z } from 'zod/v4';
import { COACH_SAFETY_REASONS } from '../../codes/safety-coach-safety.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateOnly, DateTime, UserId } from '../../events/fields';

/** Every member of the family by id, so a new referral of any of them meets the flag (intake). */
const Family = { caseFileId: CanonicalId, clientIds: z.array(CanonicalId).min(1).max(32) };

export const CoachSafetyFlagged = defineEvent({
  service: 'safety',
  type: 'CoachSafetyFlagged',
  version: 1,
  description: 'A family is not safe for visiting coaches (reason code only), until it is reviewed; routes requiring coach safety are not met. A later flag of the same file is its review.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({ ...Family, reason: z.enum(COACH_SAFETY_REASONS), reviewOn: DateOnly, flaggedBy: UserId, flaggedAt: DateTime }),
});

export const CoachSafetyFlagLifted = defineEvent({
  service: 'safety',
  type: 'CoachSafetyFlagLifted',
  version: 1,
  description: 'The coach-safety flag of a family was lifted.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({ ...Family, liftedBy: UserId, liftedAt: DateTime }),
});

export const COACH_SAFETY_EVENTS = [CoachSafetyFlagged, CoachSafetyFlagLifted] as const;
