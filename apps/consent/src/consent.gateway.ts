import {
  ConsentExpired,
  ConsentGranted,
  ConsentRefused,
  ConsentWithdrawn,
  DisclosureDecided,
  DisclosureRecorded,
  SubjectKeyDestroyed,
} from '@wijkteam/contracts';
import type { JsonValue } from '@wijkteam/event-store';
import { canonical, defineGateway, toPublic, utc } from '@wijkteam/messaging';

type Json = { [key: string]: JsonValue } | undefined;
const object = (value: JsonValue | undefined): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined);

const recipient = (value: JsonValue | undefined) => {
  const r = object(value);
  return r && { organisation: r.organisation, role: r.role };
};
const basis = (value: JsonValue | undefined) => {
  const b = object(value);
  return b && { kind: b.kind, consentId: canonical(b.consentId), legalGround: b.legalGround, safetyDecisionId: canonical(b.safetyDecisionId) };
};
const grantors = (value: JsonValue | undefined) => (Array.isArray(value) ? value.map((g) => ({ relation: object(g)?.relation })) : value);

/**
 * What leaves the consent service: consents, disclosure decisions and disclosures (codes and ids
 * only), and erasures. Written field by field, so a field added to a private event stays private.
 */
export const consentGateway = defineGateway('consent', {
  // privacy-<clientId>: the erasure record this service decides (the other services follow it).
  routes: {
    ConsentGranted: toPublic(ConsentGranted, ({ data }) => ({
      consentId: canonical(data.consentId),
      clientId: canonical(data.clientId),
      ageBand: data.ageBand,
      grantors: grantors(data.grantors),
      purpose: data.purpose,
      recipient: recipient(data.recipient),
      dataCategories: data.dataCategories,
      period: object(data.period) && { from: utc(object(data.period)?.from), until: utc(object(data.period)?.until) },
      evidence: object(data.evidence) && { documentId: canonical(object(data.evidence)?.documentId) },
      grantedAt: utc(data.grantedAt),
    })),
    ConsentRefused: toPublic(ConsentRefused, ({ data }) => ({
      consentId: canonical(data.consentId),
      clientId: canonical(data.clientId),
      ageBand: data.ageBand,
      refusedBy: data.refusedBy,
      purpose: data.purpose,
      recipient: recipient(data.recipient),
      dataCategories: data.dataCategories,
      reason: data.reason,
      refusedAt: utc(data.refusedAt),
    })),
    ConsentWithdrawn: toPublic(ConsentWithdrawn, ({ data }) => ({
      consentId: canonical(data.consentId),
      clientId: canonical(data.clientId),
      withdrawnBy: data.withdrawnBy,
      reason: data.reason,
      withdrawnAt: utc(data.withdrawnAt),
    })),
    ConsentExpired: toPublic(ConsentExpired, ({ data }) => ({
      consentId: canonical(data.consentId),
      clientId: canonical(data.clientId),
      expiredAt: utc(data.expiredAt),
      detectedAt: utc(data.detectedAt),
    })),
    DisclosureDecided: toPublic(DisclosureDecided, ({ data }) => ({
      decisionId: canonical(data.decisionId),
      clientId: canonical(data.clientId),
      recipient: recipient(data.recipient),
      purpose: data.purpose,
      dataCategories: data.dataCategories,
      outcome: data.outcome,
      basis: data.basis === null ? null : basis(data.basis),
      denialReason: data.denialReason,
      decidedAt: utc(data.decidedAt),
    })),
    DisclosureRecorded: toPublic(DisclosureRecorded, ({ data }) => ({
      disclosureId: canonical(data.disclosureId),
      decisionId: canonical(data.decisionId),
      clientId: canonical(data.clientId),
      recipient: recipient(data.recipient),
      purpose: data.purpose,
      dataCategories: data.dataCategories,
      basis: basis(data.basis),
      disclosedAt: utc(data.disclosedAt),
    })),
    SubjectKeyDestroyed: toPublic(SubjectKeyDestroyed, ({ data }) => ({
      subjectId: canonical(data.subjectId),
      legalBasis: data.legalBasis,
      requestId: canonical(data.requestId),
      decidedBy: object(data.decidedBy) && { userId: object(data.decidedBy)?.userId, role: object(data.decidedBy)?.role, organisation: object(data.decidedBy)?.organisation },
      destroyedAt: utc(data.destroyedAt),
    })),
  },
});
