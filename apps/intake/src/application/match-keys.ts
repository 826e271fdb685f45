import { createHmac } from 'node:crypto';
import type { Person } from '../domain/referral';

/**
 * The care-history match (seed 000: "check de zorggeschiedenis"): a person is found again by a keyed
 * hash, never by an identifier in the clear. HMAC-SHA-256 under the match key of the configuration
 * (INTAKE_MATCH_SECRET), of the BSN where given and of name + birth date; kept in intake's read model
 * only, never in an event, a log or on the bus.
 */
export interface MatchKey {
  key: string;
  on: 'bsn' | 'name_birth_date';
}

/** Letter case, accents, punctuation and spacing do not make another person: "José  de Vries-Bakker" = "jose de vries bakker". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function matchKeysOf(person: Person, secret: Buffer): MatchKey[] {
  const hash = (text: string) => createHmac('sha256', secret).update(text, 'utf8').digest('base64url');
  const keys: MatchKey[] = [];
  if (person.bsn) keys.push({ key: hash(`bsn|${person.bsn}`), on: 'bsn' });
  const name = normaliseName(person.name);
  if (name && person.birthDate) keys.push({ key: hash(`name_birth_date|${name}|${person.birthDate}`), on: 'name_birth_date' });
  return keys;
}
