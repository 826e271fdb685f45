import { readFileSync } from 'node:fs';
import { ConfigurationError, defineSettings, type SettingsOf } from '@wijkteam/runtime';
import { z } from 'zod';
import { type AfwegingskaderReference, AfwegingskaderInvalid, DEFAULT_AFWEGINGSKADER, parseAfwegingskader } from './domain/afwegingskader';

/** What only the safety service reads from the environment. */
export const SafetySettings = defineSettings('safety', {
  /** The afwegingskader questions of the Meldcode (JSON, see infra/safety/afwegingskader.json); absent: the five questions as shipped. */
  SAFETY_AFWEGINGSKADER_FILE: z
    .string()
    .min(1)
    .optional()
    // Read and checked with the other settings, so a wrong file stops the start before anything runs.
    .superRefine((file, ctx) => {
      try {
        if (file) loadAfwegingskader({ SAFETY_AFWEGINGSKADER_FILE: file });
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message.replace(/^Configuration error: SAFETY_AFWEGINGSKADER_FILE /, '') });
      }
    }),
});
export type SafetySettings = SettingsOf<typeof SafetySettings>;

/** The afwegingskader the Meldcode decider checks step 4 against: inject with this token. */
export const AFWEGINGSKADER = Symbol.for('wijkteam.safety.afwegingskader');

export function loadAfwegingskader(settings: Pick<SafetySettings, 'SAFETY_AFWEGINGSKADER_FILE'>): AfwegingskaderReference {
  const file = settings.SAFETY_AFWEGINGSKADER_FILE;
  if (!file) return DEFAULT_AFWEGINGSKADER;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigurationError('SAFETY_AFWEGINGSKADER_FILE', 'must name a readable JSON file');
  }
  try {
    return parseAfwegingskader(parsed);
  } catch (error) {
    if (error instanceof AfwegingskaderInvalid) throw new ConfigurationError('SAFETY_AFWEGINGSKADER_FILE', error.message);
    throw error;
  }
}

export const afwegingskaderProvider = {
  provide: AFWEGINGSKADER,
  inject: [SafetySettings.token],
  useFactory: (settings: SafetySettings): AfwegingskaderReference => loadAfwegingskader(settings),
};
