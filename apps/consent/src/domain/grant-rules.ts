import { DomainError } from '@wijkteam/contracts';
import { ageBandFor, type ConsentPolicy, type Relation } from './consent-policy';
import { type ConsentRecord, type Period, type Recipient, sameRecipient } from './consent.types';

const DAY_MS = 24 * 60 * 60 * 1000;
const BROAD = 'broad_consent_not_allowed';

/**
 * seed 004: "Dit mag op grond van de AVG echter geen brede toestemming zijn … Per situatie binnen een
 * casus dient dus toestemming gevraagd te worden": one purpose, one recipient, named data categories.
 */
export function assertSpecific(policy: ConsentPolicy, scope: { purpose: string; recipient: Recipient; dataCategories: string[] }): void {
  if (!scope.purpose) throw new DomainError(BROAD, 'unprocessable', 'purpose');
  if (!policy.purposes.includes(scope.purpose)) throw new DomainError('unknown_purpose', 'unprocessable', 'purpose');
  if (!scope.recipient || (!scope.recipient.organisation && !scope.recipient.role)) throw new DomainError(BROAD, 'unprocessable', 'recipient');
  if (!Array.isArray(scope.dataCategories) || scope.dataCategories.length === 0) throw new DomainError(BROAD, 'unprocessable', 'dataCategories');
  scope.dataCategories.forEach((category, index) => {
    if (!policy.dataCategories.includes(category)) throw new DomainError('unknown_data_category', 'unprocessable', `dataCategories.${index}`);
  });
  if (new Set(scope.dataCategories).size !== scope.dataCategories.length) throw new DomainError('duplicate_data_category', 'unprocessable', 'dataCategories');
}

/** A period has an end (no open-ended consent), has not ended at the grant, and is not longer than the policy allows. */
export function assertValidPeriod(policy: ConsentPolicy, period: Period, grantedAt: string): void {
  const from = Date.parse(period?.from);
  const until = Date.parse(period?.until);
  if (Number.isNaN(from)) throw new DomainError('invalid_period', 'unprocessable', 'period.from');
  if (Number.isNaN(until) || until <= from) throw new DomainError('invalid_period', 'unprocessable', 'period.until');
  if (until <= Date.parse(grantedAt)) throw new DomainError('period_already_ended', 'unprocessable', 'period.until');
  if (until - from > policy.maxPeriodDays * DAY_MS) throw new DomainError('period_too_long', 'unprocessable', 'period.until');
}

/**
 * Who may consent depends on age (docs/domain.md; the bands are configuration). A relation without capacity
 * at this age is forbidden (403); a missing co-signature (12-15: youth and parent/guardian) is 422.
 * A refusal (`oneSuffices`) needs only one party with capacity: either of two required signers can say no.
 * Returns the band code: the event keeps the band, not the age.
 */
export function assertCapacity(policy: ConsentPolicy, age: number, relations: Relation[], field: string, oneSuffices = false): string {
  if (!Number.isInteger(age) || age < 0) throw new DomainError('invalid_subject_age', 'unprocessable', 'subjectAge');
  const band = ageBandFor(policy, age);
  if (!band) throw new DomainError('invalid_subject_age', 'unprocessable', 'subjectAge');
  if (relations.length === 0) throw new DomainError('grantor_required', 'unprocessable', field);
  relations.forEach((relation, index) => {
    const at = oneSuffices ? field : `${field}.${index}.relation`;
    if (!band.requires.some((group) => group.includes(relation))) throw new DomainError('grantor_lacks_capacity', 'forbidden', at);
  });
  if (oneSuffices) return band.code;
  // Each signature group needs its own grantor: two parents do not make up for the youth's signature.
  const unused = [...relations];
  for (const group of band.requires) {
    const index = unused.findIndex((relation) => group.includes(relation));
    if (index < 0) throw new DomainError('co_signature_required', 'unprocessable', field);
    unused.splice(index, 1);
  }
  return band.code;
}

/**
 * Overlap rule (chosen for the privacy officer): one active consent per client, purpose and recipient at
 * any moment. A second overlapping grant is refused (409) until the first is withdrawn or expired, so a
 * withdrawal always ends the sharing: there is never a second, forgotten grant that keeps it going.
 * To widen the categories, withdraw and grant anew. A refused, withdrawn or expired consent does not block.
 */
export function assertNoOverlap(consents: ConsentRecord[], grant: { purpose: string; recipient: Recipient; period: Period }): void {
  const from = Date.parse(grant.period.from);
  const until = Date.parse(grant.period.until);
  for (const other of consents) {
    if (other.status !== 'active' || !other.period) continue;
    if (other.purpose !== grant.purpose || !sameRecipient(other.recipient, grant.recipient)) continue;
    if (from < Date.parse(other.period.until) && Date.parse(other.period.from) < until) throw new DomainError('overlapping_consent', 'conflict', 'period');
  }
}
