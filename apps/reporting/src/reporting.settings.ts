import { defineSettings, type SettingsOf } from '@wijkteam/runtime';
import { z } from 'zod';

/** What only the reporting service reads from the environment. */
export const ReportingSettings = defineSettings('reporting', {
  /** Events per seal: a tampered event is found within this many; each seal costs about 10 bytes an event. */
  REPORTING_SEAL_EVERY: z.coerce.number().int().min(10).max(100_000).default(1000),
  /** How often the sealer looks for new events; a round that finds none seals what is left at the head. */
  REPORTING_SEAL_IDLE_MS: z.coerce.number().int().min(50).default(5000),
});
export type ReportingSettings = SettingsOf<typeof ReportingSettings>;
