import { z } from 'zod/v4';
import { PLAN_CHANGES, PLAN_PERFORMER_KINDS, PLAN_REVISION_REASONS } from '../../codes/case-planning-plan.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateOnly, DateTime, PartyCode } from '../../events/fields';

/** Who does what, without the what: the kind, and the party code (network, professional) or the family's client id. */
const Performer = z.strictObject({
  kind: z.enum(PLAN_PERFORMER_KINDS),
  partyCode: PartyCode.nullable(),
  clientId: CanonicalId.nullable(),
});

export const PlanAgreed = defineEvent({
  service: 'case-planning',
  type: 'PlanAgreed',
  version: 1,
  description:
    "seed 000/003: the client agreed a version of the plan of approach (1 gezin 1 plan). Ids, counts and dates only: the goals and actions in the client's words stay in the service.",
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    version: z.number().int().min(1),
    goalIds: z.array(CanonicalId).min(1).max(50),
    actionCount: z.number().int().min(0).max(200),
    performers: z.array(Performer).max(200),
    agreedBy: z.array(CanonicalId).min(1).max(20),
    signedDocumentId: CanonicalId.nullable(),
    oneFamilyOnePlanMeetingOn: DateOnly.nullable().meta({ description: 'seed 003: the 1G1P meeting, required with two or more professional providers' }),
    due: DateOnly.nullable().meta({ description: 'The first version: six weeks after the referral (seed 000); null for a revision' }),
    onTime: z.boolean().nullable(),
    agreedAt: DateTime,
  }),
});

export const PlanRevised = defineEvent({
  service: 'case-planning',
  type: 'PlanRevised',
  version: 1,
  description: 'seed 000: the plan of approach was adjusted (a new version, to be agreed again), with what changed as codes and why.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    version: z.number().int().min(2),
    previousVersion: z.number().int().min(1),
    changes: z.array(z.enum(PLAN_CHANGES)).min(1),
    reason: z.enum(PLAN_REVISION_REASONS),
    revisedAt: DateTime,
  }),
});

export const PLAN_EVENTS = [PlanAgreed, PlanRevised] as const;
