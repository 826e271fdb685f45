import { addDays, assertDate, dateOf, DomainError, SAFETY_PLAN_PERFORMER_KINDS } from '@wijkteam/contracts';

/**
 * The safety plan (veiligheidsplan, seed 000: required at ETM 5): agreements on who does what to keep
 * the child safe, and what is watched to know it holds. What is agreed and what is watched are the
 * family's situation in words: personal data, sealed in `texts` under the referred child's key
 * (libs/contracts PERSONAL_DATA). Who carries an agreement out is an id or a code.
 */
export { SAFETY_PLAN_PERFORMER_KINDS };

/** Who carries an agreement out: the family (one of its clients), or someone of the network or a professional by party code. */
export type SafetyPerformer = { kind: 'family'; clientId: string } | { kind: 'network' | 'professional'; partyCode: string };

export interface AgreementInput {
  agreementId: string;
  what: string;
  who: SafetyPerformer;
  watches: string;
}

/** The agreements' words by agreement id: the one sealed field of a plan version. */
export type SafetyPlanTexts = { agreements: Record<string, { what: string; watches: string }> };

export type SafetyPlanVersion = {
  version: number;
  agreements: { agreementId: string; who: SafetyPerformer }[];
  texts: SafetyPlanTexts;
  reviewOn: string;
  recordedBy: string;
  recordedAt: string;
};

/** The default deadline of a required safety plan, in calendar days after the ETM 5 (SAFETY_PLAN_DAYS). */
export const DEFAULT_SAFETY_PLAN_DAYS = 5;
export const safetyPlanDueOf = (requiredAt: string, days: number): string => addDays(dateOf(requiredAt), days);

const MAX_AGREEMENTS = 30;
const MAX_TEXT = 2000;
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const PARTY_CODE = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

const text = (value: unknown, field: string): string => {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > MAX_TEXT) throw new DomainError('text_required', 'unprocessable', field);
  return value;
};

function performerOf(who: SafetyPerformer | undefined, familyIds: readonly string[], field: string): SafetyPerformer {
  if (who?.kind === 'family') {
    if (!familyIds.includes(who.clientId)) throw new DomainError('not_of_the_family', 'unprocessable', `${field}.clientId`);
    return { kind: 'family', clientId: who.clientId };
  }
  if (who?.kind === 'network' || who?.kind === 'professional') {
    if (typeof who.partyCode !== 'string' || !PARTY_CODE.test(who.partyCode)) throw new DomainError('invalid_party_code', 'unprocessable', `${field}.partyCode`);
    return { kind: who.kind, partyCode: who.partyCode };
  }
  throw new DomainError('unknown_performer_kind', 'unprocessable', `${field}.kind`);
}

/** Checks a plan as written in a command; every refusal names the field at fault. */
export function planContentOf(agreements: readonly AgreementInput[], familyIds: readonly string[], reviewOn: string, recordedAt: string): Pick<SafetyPlanVersion, 'agreements' | 'texts'> {
  if (agreements.length === 0 || agreements.length > MAX_AGREEMENTS) throw new DomainError('agreements_required', 'unprocessable', 'agreements');
  const texts: SafetyPlanTexts = { agreements: {} };
  const listed = agreements.map((agreement, index) => {
    const field = `agreements.${index}`;
    if (typeof agreement.agreementId !== 'string' || !ID.test(agreement.agreementId)) throw new DomainError('invalid_agreement_id', 'unprocessable', `${field}.agreementId`);
    if (texts.agreements[agreement.agreementId]) throw new DomainError('agreement_listed_twice', 'unprocessable', `${field}.agreementId`);
    texts.agreements[agreement.agreementId] = { what: text(agreement.what, `${field}.what`), watches: text(agreement.watches, `${field}.watches`) };
    return { agreementId: agreement.agreementId, who: performerOf(agreement.who, familyIds, `${field}.who`) };
  });
  assertDate(reviewOn, 'reviewOn');
  // A review is ahead: a plan reviewed "yesterday" is not a plan that is watched.
  if (reviewOn < dateOf(recordedAt)) throw new DomainError('review_in_past', 'unprocessable', 'reviewOn');
  return { agreements: listed, texts };
}
