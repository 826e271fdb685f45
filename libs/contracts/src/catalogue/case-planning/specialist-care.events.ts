import { z } from 'zod/v4';
import { SPECIALIST_CARE_CONSULTANT_ROLES, SPECIALIST_CARE_OUTCOMES, SPECIALIST_CARE_TYPES } from '../../codes/case-planning-plan.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateTime, UserId } from '../../events/fields';

export const SpecialistCareRequested = defineEvent({
  service: 'case-planning',
  type: 'SpecialistCareRequested',
  version: 1,
  description: 'seeds 002/003: the case director asked for specialist care (gespecialiseerde jeugdhulp); to be weighed with a colleague and the behavioural scientist.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    requestId: CanonicalId,
    careType: z.enum(SPECIALIST_CARE_TYPES),
    requestedBy: UserId,
    requestedAt: DateTime,
  }),
});

export const SpecialistCareDecided = defineEvent({
  service: 'case-planning',
  type: 'SpecialistCareDecided',
  version: 1,
  description: 'seeds 002/003: specialist care approved or declined, after four eyes: a colleague and the behavioural scientist each recorded their consultation. The case director stays director.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    requestId: CanonicalId,
    careType: z.enum(SPECIALIST_CARE_TYPES),
    outcome: z.enum(SPECIALIST_CARE_OUTCOMES),
    requestedBy: UserId,
    colleagueId: UserId,
    colleagueRole: z.enum(SPECIALIST_CARE_CONSULTANT_ROLES),
    behaviouralScientistId: UserId,
    decidedBy: UserId,
    decidedAt: DateTime,
  }),
});

export const SPECIALIST_CARE_EVENTS = [SpecialistCareRequested, SpecialistCareDecided] as const;
