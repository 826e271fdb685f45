import { DENIAL_REASONS, LEGAL_GROUNDS, MELDCODE_ACTING_OUTCOMES } from '@wijkteam/contracts';
import type { ConsentRecord, Recipient } from './consent.types';

/**
 * The rule behind every disclosure decision, as one pure function: consent first, then a recorded legal
 * ground, else deny with the reason. seed 001: "Uitgangspunt is dat er altijd toestemming van betrokkenen
 * nodig is … tenzij … vanuit de veiligheid en het belang van het kind noodzakelijk is of … noodzakelijk is
 * voor het proces van zorgtoewijzing en declaratie (… grondslag in de Jeugdwet)".
 */
export { DENIAL_REASONS, LEGAL_GROUNDS };
export type LegalGroundCode = (typeof LEGAL_GROUNDS)[number];
export type LegalGround = { ground: LegalGroundCode; safetyDecisionId: string | null };

// seed 001: the Jeugdwet ground covers care allocation and billing, nothing else.
const JEUGDWET_PURPOSES: readonly string[] = ['care_allocation', 'billing'];

export type DenialReason = (typeof DENIAL_REASONS)[number];

/**
 * A Meldcode decision (step 5) as consent knows it from safety's MeldcodeDecisionTaken (its own
 * read model, looked up by the handler): the ground `child_safety_meldcode` rests on a real one.
 */
export type SafetyDecision = { decisionId: string; clientId: string; caseFileId: string; outcome: string; decidedAt: string };

/**
 * seed 001: "vanuit de veiligheid en het belang van het kind noodzakelijk": only a decision of
 * safety about this client that reports to Veilig Thuis or organises help; no further action is
 * no ground, nor a made-up id, nor another client's decision.
 */
export const meldcodeDecisionGrounds = (decision: SafetyDecision | null, safetyDecisionId: string, clientId: string): boolean =>
  decision !== null && decision.decisionId === safetyDecisionId && decision.clientId === clientId && (MELDCODE_ACTING_OUTCOMES as readonly string[]).includes(decision.outcome);

export type DisclosureRequest = {
  clientId: string;
  recipient: Recipient;
  purpose: string;
  dataCategories: string[];
  legalGround: LegalGround | null;
};

export type DisclosureBasis = {
  kind: 'consent' | 'legal_ground';
  consentId: string | null;
  legalGround: LegalGroundCode | null;
  safetyDecisionId: string | null;
};

export type Verdict = { outcome: 'permit'; basis: DisclosureBasis } | { outcome: 'deny'; reason: DenialReason };

/** A consent naming an organisation covers any role there; naming a role too, only that role. */
export const recipientCovers = (consented: Recipient, asked: Recipient): boolean =>
  (consented.organisation === null || consented.organisation === asked.organisation) && (consented.role === null || consented.role === asked.role);

const inPeriod = (consent: ConsentRecord, at: number): boolean =>
  consent.period !== null && Date.parse(consent.period.from) <= at && at < Date.parse(consent.period.until);

function denialFor(latest: ConsentRecord, at: number, asked: string[]): DenialReason {
  switch (latest.status) {
    case 'refused':
      return 'consent_refused';
    case 'withdrawn':
      return 'consent_withdrawn';
    case 'expired':
      return 'consent_expired';
    case 'active':
      // The scheduler may not have run yet: the clock, not the ConsentExpired event, ends a consent.
      if (latest.period && at < Date.parse(latest.period.from)) return 'consent_not_yet_valid';
      if (!inPeriod(latest, at)) return 'consent_expired';
      return asked.every((category) => latest.dataCategories.includes(category)) ? 'no_consent' : 'category_not_covered';
  }
}

/** `safetyDecision`: the Meldcode decision the request's ground names, as consent knows it (null: unknown or none named). */
export function evaluateDisclosure(request: DisclosureRequest, consents: readonly ConsentRecord[], at: string, safetyDecision: SafetyDecision | null): Verdict {
  const now = Date.parse(at);
  let latest: ConsentRecord | undefined;
  let samePurpose = false;
  let sameRecipient = false;
  for (const consent of consents) {
    const purposeMatches = consent.purpose === request.purpose;
    const recipientMatches = recipientCovers(consent.recipient, request.recipient);
    samePurpose ||= purposeMatches && consent.status === 'active';
    sameRecipient ||= recipientMatches && consent.status === 'active';
    if (!purposeMatches || !recipientMatches) continue;
    if (consent.status === 'active' && inPeriod(consent, now) && request.dataCategories.every((c) => consent.dataCategories.includes(c)))
      return { outcome: 'permit', basis: { kind: 'consent', consentId: consent.consentId, legalGround: null, safetyDecisionId: null } };
    // The most recent decision on this purpose and recipient explains the denial best.
    if (!latest || Date.parse(consent.decidedAt) >= Date.parse(latest.decidedAt)) latest = consent;
  }
  const ground = request.legalGround;
  if (ground?.ground === 'child_safety_meldcode') {
    if (ground.safetyDecisionId && meldcodeDecisionGrounds(safetyDecision, ground.safetyDecisionId, request.clientId))
      return { outcome: 'permit', basis: { kind: 'legal_ground', consentId: null, legalGround: ground.ground, safetyDecisionId: ground.safetyDecisionId } };
    // No such decision of safety for this client (a made-up id, another client's, no report or help):
    // the ground does not apply. The published code list, not a new code: DisclosureDecided v1 carries it.
    return { outcome: 'deny', reason: 'legal_ground_not_applicable' };
  }
  if (ground?.ground === 'jeugdwet_care_allocation') {
    if (JEUGDWET_PURPOSES.includes(request.purpose))
      return { outcome: 'permit', basis: { kind: 'legal_ground', consentId: null, legalGround: ground.ground, safetyDecisionId: null } };
    return { outcome: 'deny', reason: 'legal_ground_not_applicable' };
  }
  if (latest) return { outcome: 'deny', reason: denialFor(latest, now, request.dataCategories) };
  if (samePurpose) return { outcome: 'deny', reason: 'recipient_not_covered' };
  if (sameRecipient) return { outcome: 'deny', reason: 'purpose_not_covered' };
  return { outcome: 'deny', reason: 'no_consent' };
}
