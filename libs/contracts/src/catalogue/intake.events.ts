import { z } from 'zod/v4';
import { CHANNELS, DECLINE_REASONS, REDIRECTS, ROUTES, WAITLIST_PRIORITIES } from '../codes/intake.codes';
import { defineEvent } from '../events/define-event';
import { CanonicalId, DateTime } from '../events/fields';

/**
 * Intake's public events. ReferralReceived travels without the client's name and birth date: the
 * bus and its partners learn that a referral came in, by which channel and route, never for whom.
 */
export const ReferralReceived = defineEvent({
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

export const ReferralAccepted = defineEvent({
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

export const ReferralDeclined = defineEvent({
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

export const ReferralWaitlisted = defineEvent({
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

export const INTAKE_EVENTS = [ReferralReceived, ReferralAccepted, ReferralDeclined, ReferralWaitlisted] as const;
