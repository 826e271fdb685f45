import { z } from 'zod/v4';
import {
  CLOSURE_REASONS,
  CLOSURE_REFERRALS,
  DIRECTION_DECISIONS,
  DIRECTION_HOLDER_KINDS,
  DIRECTION_REASONS,
  DIRECTOR_KINDS,
  REOPENING_REASONS,
  TRANSFER_REASONS,
  WAAKVLAM_OUTCOMES,
} from '../../codes/case-planning.codes';
import { ROLES } from '../../codes/roles.codes';
import { ROUTES } from '../../codes/intake.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateOnly, DateTime, OrganisationCode, PartyCode, UserId } from '../../events/fields';

export const CaseFileOpenedV1 = defineEvent({
  service: 'case-planning',
  type: 'CaseFileOpened',
  version: 1,
  description: 'seed 000: the case file (ZCD) was opened for an accepted referral.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    referralId: CanonicalId,
    route: z.enum(ROUTES),
    openedAt: DateTime,
  }),
});

/** v2 (issue 14): the team holding the file and the family by ids, as intake's ReferralAccepted v2 names them. */
export const CaseFileOpened = defineEvent({
  service: 'case-planning',
  type: 'CaseFileOpened',
  version: 2,
  description: 'seed 000: the case file (ZCD) was opened for an accepted referral, for the family (1 gezin 1 plan), held by the team that accepted it.',
  subject: (data) => data.caseFileId,
  previous: CaseFileOpenedV1,
  upcast: (v1) => ({ ...v1, teamId: null, childIds: [v1.clientId], familyMemberIds: [] }),
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    referralId: CanonicalId,
    teamId: OrganisationCode.nullable().meta({ description: 'Organisation code of the team holding the file; null for a file opened before v2' }),
    route: z.enum(ROUTES),
    childIds: z.array(CanonicalId).min(1).max(12),
    familyMemberIds: z.array(CanonicalId).max(20),
    openedAt: DateTime,
  }),
});

export const CaseDirectorAssigned = defineEvent({
  service: 'case-planning',
  type: 'CaseDirectorAssigned',
  version: 1,
  description: 'Case direction (casusregie) moved to a coach, the certified institution (GI) or GOSA.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    directorId: UserId,
    directorKind: z.enum(DIRECTOR_KINDS),
    previousDirectorId: UserId.nullable(),
    reason: z.enum(DIRECTION_REASONS),
    assignedAt: DateTime,
  }),
});

export const CaseFileClosedV1 = defineEvent({
  service: 'case-planning',
  type: 'CaseFileClosed',
  version: 1,
  description: 'Care ended (seed 000 closure reason): the retention term (Jeugdwet art. 7.3.8) of the client starts.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    reason: z.enum(CLOSURE_REASONS),
    closedAt: DateTime,
  }),
});

/**
 * v2 (issue 14): who was informed (seed 000: JGZ, the GP and the parties involved) and where the
 * family was referred on (JBP on safety concerns, GOSA on stagnation).
 */
export const CaseFileClosed = defineEvent({
  service: 'case-planning',
  type: 'CaseFileClosed',
  version: 2,
  description: 'Care ended (seed 000 closure reason, who was informed, where referred on): the retention term (Jeugdwet art. 7.3.8) of the client starts.',
  subject: (data) => data.caseFileId,
  previous: CaseFileClosedV1,
  upcast: (v1) => ({ ...v1, informed: [], referredTo: 'none' as const }),
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    reason: z.enum(CLOSURE_REASONS),
    informed: z.array(PartyCode).max(20).meta({ description: 'Codes of the parties informed of the closure (jgz, huisarts, …); empty before v2' }),
    referredTo: z.enum(CLOSURE_REFERRALS),
    closedAt: DateTime,
  }),
});

/**
 * seed 000, 002: every change of case direction after the first names who decided, on whose
 * behalf, how (consensus or the coordinator's decision) and why; to the adult team only with the
 * client's consent, whose decision id it carries.
 */
export const CaseDirectionTransferred = defineEvent({
  service: 'case-planning',
  type: 'CaseDirectionTransferred',
  version: 1,
  description: 'Case direction (casusregie) moved from one director to another, with the reason and who decided; to the adult team only with consent.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    fromDirectorId: UserId,
    fromDirectorKind: z.enum(DIRECTION_HOLDER_KINDS),
    toDirectorId: UserId,
    toDirectorKind: z.enum(DIRECTION_HOLDER_KINDS),
    reason: z.enum(TRANSFER_REASONS),
    decision: z.enum(DIRECTION_DECISIONS),
    decidedBy: UserId,
    decidedByRole: z.enum(ROLES),
    onBehalfOf: UserId.nullable().meta({ description: 'The user or party code the decider acted for (e.g. the case conference chair, the GI); null when for themselves' }),
    consentDecisionId: CanonicalId.nullable().meta({ description: "The consent service's permit (DisclosureDecided) for a transfer to the adult team; null otherwise" }),
    transferredAt: DateTime,
  }),
});

/** seed 000/003: goals reached, but the team keeps a light watch (waakvlam) until its review date. */
export const WaakvlamStarted = defineEvent({
  service: 'case-planning',
  type: 'WaakvlamStarted',
  version: 1,
  description: 'After closure with goals reached, a light-touch follow-up (waakvlam) with its own review date; a signal reopens the file.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    monitoredBy: UserId,
    reviewOn: DateOnly,
    startedAt: DateTime,
  }),
});

export const WaakvlamReviewed = defineEvent({
  service: 'case-planning',
  type: 'WaakvlamReviewed',
  version: 1,
  description: 'The waakvlam was reviewed: watching continues until the next review date, or it ended.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    outcome: z.enum(WAAKVLAM_OUTCOMES),
    nextReviewOn: DateOnly.nullable(),
    reviewedBy: UserId,
    reviewedAt: DateTime,
  }),
});

export const CaseFileReopened = defineEvent({
  service: 'case-planning',
  type: 'CaseFileReopened',
  version: 1,
  description: 'Care resumed: the retention term stops until the next closure.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    reason: z.enum(REOPENING_REASONS),
    reopenedAt: DateTime,
  }),
});

export const CASE_FILE_EVENTS = [
  CaseFileOpenedV1,
  CaseFileOpened,
  CaseDirectorAssigned,
  CaseDirectionTransferred,
  CaseFileClosedV1,
  CaseFileClosed,
  WaakvlamStarted,
  WaakvlamReviewed,
  CaseFileReopened,
] as const;
