import { z } from 'zod/v4';
import { CHANNELS, DE_ESCALATION_ORIGINS, DECLINE_REASONS, FAMILY_RELATIONS, REDIRECTS, ROUTES, WAITLIST_PRIORITIES, WAITLIST_REMOVAL_REASONS } from '../codes/intake.codes';
import { defineEvent } from '../events/define-event';
import { CanonicalId, DateOnly, DateTime, OrganisationCode, UserId } from '../events/fields';

/**
 * Intake's public events. ReferralReceived travels without the client's name and birth date: the
 * bus and its partners learn that a referral came in, by which channel and route, never for whom.
 */
export const ReferralReceivedV1 = defineEvent({
  service: 'intake',
  type: 'ReferralReceived',
  version: 1,
  description: 'A referral (aanmelding) came in. Without any personal field: the client is known by an opaque id only.',
  subject: (data) => data.referralId,
  data: z.strictObject({
    referralId: CanonicalId,
    clientId: CanonicalId,
    channel: z.enum(CHANNELS),
    route: z.enum(ROUTES),
    etmIndication: z.number().int().min(1).max(5).nullable().meta({ description: 'ETM indication at referral (1-5), if given' }),
    intellectualDisability: z.boolean(),
    receivedAt: DateTime,
  }),
});

export const ReferralAcceptedV1 = defineEvent({
  service: 'intake',
  type: 'ReferralAccepted',
  version: 1,
  description: 'seed 000: the referral was accepted; the case file (ZCD) is opened at once under caseFileId.',
  subject: (data) => data.referralId,
  data: z.strictObject({
    referralId: CanonicalId,
    clientId: CanonicalId,
    caseFileId: CanonicalId,
    route: z.enum(ROUTES),
    decidedAt: DateTime,
  }),
});

export const ReferralDeclinedV1 = defineEvent({
  service: 'intake',
  type: 'ReferralDeclined',
  version: 1,
  description: 'seed 000: the referral was declined with a reason and a redirect.',
  subject: (data) => data.referralId,
  data: z.strictObject({
    referralId: CanonicalId,
    reason: z.enum(DECLINE_REASONS),
    redirect: z.enum(REDIRECTS),
    decidedAt: DateTime,
  }),
});

export const ReferralWaitlistedV1 = defineEvent({
  service: 'intake',
  type: 'ReferralWaitlisted',
  version: 1,
  description: 'seed 004: the referral is on the waiting list; Veilig Thuis and ETM 5 are urgent.',
  subject: (data) => data.referralId,
  data: z.strictObject({
    referralId: CanonicalId,
    priority: z.enum(WAITLIST_PRIORITIES),
    decidedAt: DateTime,
  }),
});

/** The team (organisation code) that holds the referral; null for a referral of v1, which named none. */
const TeamId = OrganisationCode.nullable().meta({ description: 'Organisation code of the team holding the referral (the `org` claim of its members); null before v2' });
const FamilyMember = z.strictObject({ clientId: CanonicalId, relation: z.enum(FAMILY_RELATIONS) });

/**
 * v2 (issue 13): the whole family by opaque ids (the children and the family members with their
 * relation), the team, and the de-escalation origin. Still no personal field: the referrer, the help
 * question and every name, birth date and BSN stay sealed in intake's store.
 */
export const ReferralReceived = defineEvent({
  service: 'intake',
  type: 'ReferralReceived',
  version: 2,
  description: 'A referral (aanmelding) came in for a family, by ids only: who it is about is never on the bus.',
  subject: (data) => data.referralId,
  previous: ReferralReceivedV1,
  upcast: (v1) => ({ ...v1, teamId: null, deEscalationFrom: null, childIds: [v1.clientId], familyMembers: [] }),
  data: z.strictObject({
    referralId: CanonicalId,
    clientId: CanonicalId.meta({ description: 'The referred child (the first of childIds)' }),
    teamId: TeamId,
    channel: z.enum(CHANNELS),
    route: z.enum(ROUTES),
    deEscalationFrom: z.enum(DE_ESCALATION_ORIGINS).nullable().meta({ description: 'Route de_escalation: where the client comes from' }),
    childIds: z.array(CanonicalId).min(1).max(12),
    familyMembers: z.array(FamilyMember).max(20),
    etmIndication: z.number().int().min(1).max(5).nullable().meta({ description: 'ETM indication at referral (1-5), if given' }),
    intellectualDisability: z.boolean(),
    receivedAt: DateTime,
  }),
});

/** v2 (issue 13): which rules version decided, the team and the family by ids. */
export const ReferralAccepted = defineEvent({
  service: 'intake',
  type: 'ReferralAccepted',
  version: 2,
  description: 'seed 000: the referral was accepted; the case file (ZCD) is opened at once under caseFileId.',
  subject: (data) => data.referralId,
  previous: ReferralAcceptedV1,
  upcast: (v1) => ({ ...v1, teamId: null, childIds: [v1.clientId], familyMemberIds: [], rulesVersion: null }),
  data: z.strictObject({
    referralId: CanonicalId,
    clientId: CanonicalId,
    caseFileId: CanonicalId,
    teamId: TeamId,
    route: z.enum(ROUTES),
    childIds: z.array(CanonicalId).min(1).max(12),
    familyMemberIds: z.array(CanonicalId).max(20),
    rulesVersion: RulesVersionField(),
    decidedAt: DateTime,
  }),
});

/** v2 (issue 13): which rules version decided, and the team. */
export const ReferralDeclined = defineEvent({
  service: 'intake',
  type: 'ReferralDeclined',
  version: 2,
  description: 'seed 000: the referral was declined with a reason and a redirect.',
  subject: (data) => data.referralId,
  previous: ReferralDeclinedV1,
  upcast: (v1) => ({ ...v1, teamId: null, rulesVersion: null }),
  data: z.strictObject({
    referralId: CanonicalId,
    teamId: TeamId,
    reason: z.enum(DECLINE_REASONS),
    redirect: z.enum(REDIRECTS),
    rulesVersion: RulesVersionField(),
    decidedAt: DateTime,
  }),
});

/** v2 (issue 13): the team and the rules version. */
export const ReferralWaitlisted = defineEvent({
  service: 'intake',
  type: 'ReferralWaitlisted',
  version: 2,
  description: 'seed 004: the referral is on the waiting list; Veilig Thuis and ETM 5 are urgent.',
  subject: (data) => data.referralId,
  previous: ReferralWaitlistedV1,
  upcast: (v1) => ({ ...v1, teamId: null, rulesVersion: null }),
  data: z.strictObject({
    referralId: CanonicalId,
    teamId: TeamId,
    priority: z.enum(WAITLIST_PRIORITIES),
    rulesVersion: RulesVersionField(),
    decidedAt: DateTime,
  }),
});

export const ReferralRemovedFromWaitingList = defineEvent({
  service: 'intake',
  type: 'ReferralRemovedFromWaitingList',
  version: 1,
  description: 'The referral left the waiting list without a decision on it, for a reason from the list.',
  subject: (data) => data.referralId,
  data: z.strictObject({
    referralId: CanonicalId,
    teamId: TeamId,
    reason: z.enum(WAITLIST_REMOVAL_REASONS),
    decidedAt: DateTime,
  }),
});

export const CoachesAssigned = defineEvent({
  service: 'intake',
  type: 'CoachesAssigned',
  version: 1,
  description:
    'seed 000/002: the case conference assigned one or two coaches (by expertise and capacity); the first visit is due by firstVisitDue (2 weeks after the referral by default).',
  subject: (data) => data.referralId,
  data: z.strictObject({
    referralId: CanonicalId,
    clientId: CanonicalId,
    teamId: TeamId,
    coachIds: z.array(UserId).min(1).max(2),
    decidedBy: UserId,
    conferenceDate: DateOnly,
    firstVisitDue: DateOnly,
    decidedAt: DateTime,
  }),
});

function RulesVersionField() {
  return z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/)
    .nullable()
    .meta({ description: 'Version of the eligibility rules (INTAKE_RULES_FILE) the decision used; null before v2' });
}

export const INTAKE_EVENTS = [
  ReferralReceivedV1,
  ReferralReceived,
  ReferralAcceptedV1,
  ReferralAccepted,
  ReferralDeclinedV1,
  ReferralDeclined,
  ReferralWaitlistedV1,
  ReferralWaitlisted,
  ReferralRemovedFromWaitingList,
  CoachesAssigned,
] as const;
