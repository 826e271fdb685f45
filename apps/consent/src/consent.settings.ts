import { defineSettings, type SettingsOf } from '@wijkteam/runtime';
import { z } from 'zod';

/** What only the consent service reads from the environment. */
export const ConsentSettings = defineSettings('consent', {
  /** Jeugdwet art. 7.3.8: at least 20 years; a municipality may keep files longer, never shorter. */
  RETENTION_YEARS: z.coerce.number().int().min(20, 'must be at least 20 (Jeugdwet art. 7.3.8)').max(100).default(20),
  /** How often the expiry of consents whose period ended is recorded. */
  CONSENT_EXPIRY_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
});
export type ConsentSettings = SettingsOf<typeof ConsentSettings>;
