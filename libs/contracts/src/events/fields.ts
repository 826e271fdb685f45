import { z } from 'zod/v4';

/**
 * The only kinds of field a public event may carry (no names, birth dates, BSN or free text, ever):
 * a code from a list (`z.enum` over the lists in ../codes), a canonical id, a date or date/time, an
 * integer score, a flag, or one of the opaque codes below.
 */

/** A UUID in canonical (lower-case) form: client, referral, case file, consent, decision ids. */
export const CanonicalId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  .meta({ format: 'uuid', description: 'UUID, lower case' });

/** An instant in UTC, as `Date.prototype.toISOString()` writes it. */
export const DateTime = z.iso.datetime().meta({ description: 'UTC instant (RFC 3339)' });

/**
 * The opaque id of a professional as the identity provider issues it (`sub`). No spaces and no `@`:
 * an e-mail address as a user id would put personal data on the bus, so the gateway refuses it.
 */
export const UserId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:|-]{0,254}$/)
  .meta({ description: 'Opaque user id (identity provider subject); never an e-mail address' });

/** An organisation or role code of a recipient, e.g. `jgz`, `huisarts`, `jeugdarts` (open list). */
export const PartyCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/)
  .meta({ description: 'Lower-case code of an organisation or role' });

/** The professional's organisation code, as the identity provider states it (`org`). */
export const OrganisationCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/)
  .meta({ description: 'Lower-case organisation code' });

/** A calendar date (`YYYY-MM-DD`), e.g. a deadline or a conference day: never a birth date. */
export const DateOnly = z.iso.date().meta({ description: 'Calendar date (YYYY-MM-DD)' });
