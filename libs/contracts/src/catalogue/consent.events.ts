import { z } from 'zod/v4';
import {
  AGE_BANDS,
  DEFAULT_DATA_CATEGORIES,
  DEFAULT_PURPOSES,
  DENIAL_REASONS,
  DISCLOSURE_BASIS_KINDS,
  DISCLOSURE_OUTCOMES,
  LEGAL_BASES,
  LEGAL_GROUNDS,
  REFUSAL_REASONS,
  RELATIONS,
  WITHDRAWAL_REASONS,
} from '../codes/consent.codes';
import { ROLES } from '../codes/roles.codes';
import { defineEvent } from '../events/define-event';
import { CanonicalId, DateTime, OrganisationCode, PartyCode, UserId } from '../events/fields';

const Purpose = z.enum(DEFAULT_PURPOSES);
const DataCategories = z.array(z.enum(DEFAULT_DATA_CATEGORIES)).min(1);
const Recipient = z.strictObject({ organisation: PartyCode.nullable(), role: PartyCode.nullable() });
const Relation = z.enum(RELATIONS);
const DisclosureBasis = z.strictObject({
  kind: z.enum(DISCLOSURE_BASIS_KINDS),
  consentId: CanonicalId.nullable(),
  legalGround: z.enum(LEGAL_GROUNDS).nullable(),
  safetyDecisionId: CanonicalId.nullable(),
});

export const ConsentGranted = defineEvent({
  service: 'consent',
  type: 'ConsentGranted',
  version: 1,
  description: 'Specific consent: one purpose, one recipient, named data categories, a period (seed 004: no broad consent).',
  subject: (data) => data.consentId,
  data: z.strictObject({
    consentId: CanonicalId,
    clientId: CanonicalId,
    ageBand: z.enum(AGE_BANDS),
    grantors: z.array(z.strictObject({ relation: Relation })).min(1),
    purpose: Purpose,
    recipient: Recipient,
    dataCategories: DataCategories,
    period: z.strictObject({ from: DateTime, until: DateTime }),
    evidence: z.strictObject({ documentId: CanonicalId }).meta({ description: 'Reference to the signed form in the case file, not the form' }),
    grantedAt: DateTime,
  }),
});

export const ConsentRefused = defineEvent({
  service: 'consent',
  type: 'ConsentRefused',
  version: 1,
  description: 'seed 000: a refusal is recorded with its reason (a code, never free text).',
  subject: (data) => data.consentId,
  data: z.strictObject({
    consentId: CanonicalId,
    clientId: CanonicalId,
    ageBand: z.enum(AGE_BANDS),
    refusedBy: Relation,
    purpose: Purpose,
    recipient: Recipient,
    dataCategories: DataCategories,
    reason: z.enum(REFUSAL_REASONS),
    refusedAt: DateTime,
  }),
});

export const ConsentWithdrawn = defineEvent({
  service: 'consent',
  type: 'ConsentWithdrawn',
  version: 1,
  description: 'A grantor withdrew the consent (AVG: as easy as giving it).',
  subject: (data) => data.consentId,
  data: z.strictObject({
    consentId: CanonicalId,
    clientId: CanonicalId,
    withdrawnBy: Relation,
    reason: z.enum(WITHDRAWAL_REASONS),
    withdrawnAt: DateTime,
  }),
});

export const ConsentExpired = defineEvent({
  service: 'consent',
  type: 'ConsentExpired',
  version: 1,
  description: 'The period of the consent ended (expiredAt); the service noticed at detectedAt.',
  subject: (data) => data.consentId,
  data: z.strictObject({
    consentId: CanonicalId,
    clientId: CanonicalId,
    expiredAt: DateTime,
    detectedAt: DateTime,
  }),
});

export const DisclosureDecided = defineEvent({
  service: 'consent',
  type: 'DisclosureDecided',
  version: 1,
  description: 'A disclosure was decided: permitted on a consent or a recorded legal ground, or denied with the reason.',
  subject: (data) => data.decisionId,
  data: z.strictObject({
    decisionId: CanonicalId,
    clientId: CanonicalId,
    recipient: Recipient,
    purpose: Purpose,
    dataCategories: DataCategories,
    outcome: z.enum(DISCLOSURE_OUTCOMES),
    basis: DisclosureBasis.nullable(),
    denialReason: z.enum(DENIAL_REASONS).nullable(),
    decidedAt: DateTime,
  }),
});

export const DisclosureRecorded = defineEvent({
  service: 'consent',
  type: 'DisclosureRecorded',
  version: 1,
  description: 'Information was disclosed as decided: who received what, when and why (the client may ask).',
  subject: (data) => data.disclosureId,
  data: z.strictObject({
    disclosureId: CanonicalId,
    decisionId: CanonicalId,
    clientId: CanonicalId,
    recipient: Recipient,
    purpose: Purpose,
    dataCategories: DataCategories,
    basis: DisclosureBasis,
    disclosedAt: DateTime,
  }),
});

export const SubjectKeyDestroyed = defineEvent({
  service: 'consent',
  type: 'SubjectKeyDestroyed',
  version: 1,
  description: "An erasure: the client's key was destroyed (crypto-shredding). Every service and partner destroys its own copy.",
  subject: (data) => data.subjectId,
  data: z.strictObject({
    subjectId: CanonicalId,
    legalBasis: z.enum(LEGAL_BASES),
    requestId: CanonicalId.nullable(),
    decidedBy: z.strictObject({ userId: UserId, role: z.enum(ROLES), organisation: OrganisationCode }),
    destroyedAt: DateTime,
  }),
});

export const CONSENT_EVENTS = [ConsentGranted, ConsentRefused, ConsentWithdrawn, ConsentExpired, DisclosureDecided, DisclosureRecorded, SubjectKeyDestroyed] as const;
