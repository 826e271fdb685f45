import type { RefusalReason, Relation, WithdrawalReason } from './consent-policy';

/**
 * The shapes of a consent (docs/domain.md: one purpose, one recipient, named data categories, a period).
 * Type aliases, not interfaces, so that they are JSON objects for the event store. Only opaque ids and
 * codes: names of parents or recipients arrive later with per-client encryption.
 */
export type Recipient = { organisation: string | null; role: string | null };
export type Period = { from: string; until: string };
export type Grantor = { relation: Relation };
/** A reference to the signed form in the case file (seed 000: "formulier in het ZCD"), not the form. */
export type Evidence = { documentId: string };

export type ConsentStatus = 'active' | 'refused' | 'withdrawn' | 'expired';

export type ConsentRecord = {
  consentId: string;
  clientId: string;
  status: ConsentStatus;
  ageBand: string;
  grantors: Relation[];
  purpose: string;
  recipient: Recipient;
  dataCategories: string[];
  period: Period | null;
  evidence: Evidence | null;
  decidedAt: string;
  endedAt: string | null;
  refusalReason: RefusalReason | null;
  withdrawalReason: WithdrawalReason | null;
};

export const sameRecipient = (a: Recipient, b: Recipient): boolean => a.organisation === b.organisation && a.role === b.role;
