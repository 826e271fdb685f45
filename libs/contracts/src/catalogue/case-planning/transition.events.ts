import { z } from 'zod/v4';
import { OTHER_PROVIDER_STATUSES, TRANSITION_CONTINUATIONS, WARM_HANDOVER_STAGES } from '../../codes/case-planning-transition.codes';
import { DEFAULT_DATA_CATEGORIES, DENIAL_REASONS } from '../../codes/consent.codes';
import { defineEvent } from '../../events/define-event';
import { CanonicalId, DateOnly, DateTime, PartyCode, UserId } from '../../events/fields';

/**
 * The 18-/18+ transition of one youth of a case file (seed 004). Ids, codes, dates and flags only:
 * never the birth date (intake holds it sealed), only whether the question came before the 18th
 * birthday.
 */
const DataCategories = z.array(z.enum(DEFAULT_DATA_CATEGORIES)).min(1).max(20);

export const TransitionQuestionRecorded = defineEvent({
  service: 'case-planning',
  type: 'TransitionQuestionRecorded',
  version: 1,
  description: 'seed 004: the Jeugdteam asked whether help must continue after the 18th birthday, and how (18-23 may stay with the Jeugdteam).',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    helpMustContinue: z.boolean(),
    continuation: z.enum(TRANSITION_CONTINUATIONS),
    askedOn: DateOnly,
    beforeEighteenthBirthday: z.boolean().nullable().meta({ description: 'Asked before the 18th birthday (seed 004); false: late; null: intake holds no birth date' }),
    recordedBy: UserId,
    recordedAt: DateTime,
  }),
});

export const OtherProvidersStatusRecorded = defineEvent({
  service: 'case-planning',
  type: 'OtherProvidersStatusRecorded',
  version: 1,
  description: 'seed 004: the Jeugdteam asked the other providers actively what becomes of their help at 18 (or found there are none).',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    providers: z.array(z.strictObject({ party: PartyCode, status: z.enum(OTHER_PROVIDER_STATUSES) })).max(20),
    none: z.boolean(),
    recordedBy: UserId,
    recordedAt: DateTime,
  }),
});

export const WarmHandoverProposed = defineEvent({
  service: 'case-planning',
  type: 'WarmHandoverProposed',
  version: 1,
  description: 'seed 004: a warm handover to an adult-team colleague was proposed, on the consent decision that permitted it.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    adultTeamColleagueId: UserId,
    dataCategories: DataCategories,
    decisionId: CanonicalId,
    consentId: CanonicalId.nullable(),
    proposedBy: UserId,
    proposedAt: DateTime,
  }),
});

export const WarmHandoverRefused = defineEvent({
  service: 'case-planning',
  type: 'WarmHandoverRefused',
  version: 1,
  description: 'seed 004: no warm handover without consent: the consent service denied it at the proposal or again at completion.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    stage: z.enum(WARM_HANDOVER_STAGES),
    denialReason: z.enum(DENIAL_REASONS),
    decisionId: CanonicalId,
    refusedAt: DateTime,
  }),
});

export const WarmHandoverConversationHeld = defineEvent({
  service: 'case-planning',
  type: 'WarmHandoverConversationHeld',
  version: 1,
  description: 'seed 004: the joint conversation of the youth coach and the adult-team colleague with the client, so the client tells the story once.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    heldOn: DateOnly,
    youthCoachId: UserId,
    adultTeamColleagueId: UserId,
    recordedAt: DateTime,
  }),
});

export const WarmHandoverCompleted = defineEvent({
  service: 'case-planning',
  type: 'WarmHandoverCompleted',
  version: 1,
  description: 'seed 004: the warm handover to the adult team completed, consent checked again at that moment; the categories it covers.',
  subject: (data) => data.caseFileId,
  data: z.strictObject({
    caseFileId: CanonicalId,
    clientId: CanonicalId,
    adultTeamColleagueId: UserId,
    dataCategories: DataCategories,
    decisionId: CanonicalId,
    consentId: CanonicalId.nullable(),
    completedBy: UserId,
    completedAt: DateTime,
  }),
});

export const TRANSITION_EVENTS = [
  TransitionQuestionRecorded,
  OtherProvidersStatusRecorded,
  WarmHandoverProposed,
  WarmHandoverRefused,
  WarmHandoverConversationHeld,
  WarmHandoverCompleted,
] as const;
